/// An article's JSON through `JSONWriter`, as `encode(to:)` writes it: `url` always (null
/// when absent), the moderators' fields only when present; keys sorted.
extension ArticleView: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("comment_count", first: true)
        json.integer(commentCount)
        if let createdAt {
            json.key("created_at")
            json.time(createdAt)
        }
        json.key("key")
        json.string(key)
        if let mode {
            json.key("mode")
            json.string(mode)
        }
        if let publishedAt {
            json.key("published_at")
            json.time(publishedAt)
        }
        json.key("sign_in")
        json.string(signIn)
        json.key("status")
        json.string(status)
        if let tags {
            json.key("tags")
            json.strings(tags)
        }
        json.key("title")
        json.string(title)
        json.key("url")
        json.string(url)
        json.append(UInt8(ascii: "}"))
    }
}
