/// A comment's JSON through `JSONWriter`: what `encode(to:)` makes of it with
/// `ParleyJSON.encoder()`, keys in sorted order, `null` for absent author, body, edit time
/// and parent; `html` and `state` left out when absent.
extension CommentView: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("author", first: true)
        json.value(author)
        json.key("body")
        json.string(body)
        json.key("created_at")
        json.time(createdAt)
        json.key("deleted")
        json.bool(deleted)
        json.key("edited_at")
        json.time(editedAt)
        if let html {
            json.key("html")
            json.string(html)
        }
        json.key("id")
        json.append(integer: id)
        json.key("parent_id")
        json.integer(parentId)
        if !omitsReplies {
            json.key("replies")
            json.array(replies)
        }
        json.key("score")
        json.integer(score)
        if let state {
            json.key("state")
            json.string(state)
        }
        json.append(UInt8(ascii: "}"))
    }
}

extension CommentView.AuthorView: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("name", first: true)
        json.string(name)
        json.key("verified")
        json.bool(verified)
        json.append(UInt8(ascii: "}"))
    }
}
