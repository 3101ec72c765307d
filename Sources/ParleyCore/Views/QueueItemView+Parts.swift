/// The smaller parts of a queue item through `JSONWriter`, as their synthesized `Encodable`
/// writes them: keys sorted, absent optional members left out.
extension QueueItemView.ArticlePart: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("key", first: true)
        json.string(key)
        json.key("mode")
        json.string(mode)
        json.key("status")
        json.string(status)
        json.key("title")
        json.string(title)
        if let url {
            json.key("url")
            json.string(url)
        }
        json.append(UInt8(ascii: "}"))
    }
}

extension QueueItemView.ParentPart: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("author", first: true)
        json.string(author)
        json.key("excerpt")
        json.string(excerpt)
        json.key("id")
        json.append(integer: id)
        json.append(UInt8(ascii: "}"))
    }
}

extension QueueItemView.AuthorPart: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("approved_comments", first: true)
        json.integer(approvedComments)
        if let banReason {
            json.key("ban_reason")
            json.string(banReason)
        }
        if let bannedUntil {
            json.key("banned_until")
            json.time(bannedUntil)
        }
        json.key("name")
        json.string(name)
        json.key("rejected_comments")
        json.integer(rejectedComments)
        json.key("spam_comments")
        json.integer(spamComments)
        json.key("trust")
        json.string(trust)
        json.append(UInt8(ascii: "}"))
    }
}

extension QueueItemView.RulePart: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("action", first: true)
        json.string(action)
        if let match {
            json.key("match")
            json.string(match)
        }
        json.key("name")
        json.string(name)
        if let reason {
            json.key("reason")
            json.string(reason)
        }
        if let span {
            json.key("span")
            json.integers(span)
        }
        json.append(UInt8(ascii: "}"))
    }
}
