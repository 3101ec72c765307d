/// A thread page's JSON through `JSONWriter` (`GET /api/articles/{key}/comments`).
extension ThreadPageView: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("article", first: true)
        json.value(article)
        json.key("comments")
        json.array(comments)
        json.key("next_cursor")
        json.string(nextCursor)
        json.append(UInt8(ascii: "}"))
    }

    /// A starting size for the buffer (the bodies and their HTML dominate a page), so a
    /// large page is not copied while it grows.
    public var estimatedJSONSize: Int {
        512 + Self.estimatedSize(of: comments)
    }

    static func estimatedSize(of comments: [CommentView]) -> Int {
        var size = 0
        for index in comments.indices {
            size += 200 + (comments[index].body?.utf8.count ?? 0) + (comments[index].html?.utf8.count ?? 0)
                + estimatedSize(of: comments[index].replies)
        }
        return size
    }
}
