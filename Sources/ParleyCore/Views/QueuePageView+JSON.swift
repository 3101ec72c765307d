/// A queue page's JSON through `JSONWriter` (`GET /api/admin/queue`): `next_cursor` always
/// (null on the last page); keys sorted.
extension QueuePageView: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("items", first: true)
        json.array(items)
        json.key("next_cursor")
        json.string(nextCursor)
        json.key("total")
        json.integer(total)
        json.key("total_is_capped")
        json.bool(totalIsCapped)
        json.append(UInt8(ascii: "}"))
    }
}

/// A queue item as its synthesized `Encodable` writes it: absent optional members left out.
extension QueueItemView: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("article", first: true)
        json.value(article)
        json.key("author")
        json.value(author)
        json.key("comment")
        json.value(comment)
        if let parent {
            json.key("parent")
            json.value(parent)
        }
        json.key("reports")
        json.strings(reports)
        json.key("rules")
        json.array(rules)
        json.append(UInt8(ascii: "}"))
    }
}

extension QueueItemView.CommentPart: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.append(UInt8(ascii: "{"))
        json.key("body", first: true)
        json.string(body)
        json.key("created_at")
        json.time(createdAt)
        if let decidedAt {
            json.key("decided_at")
            json.time(decidedAt)
        }
        if let decidedBy {
            json.key("decided_by")
            json.string(decidedBy)
        }
        json.key("deleted")
        json.bool(deleted)
        if let editedAt {
            json.key("edited_at")
            json.time(editedAt)
        }
        json.key("id")
        json.append(integer: id)
        if let parentId {
            json.key("parent_id")
            json.append(integer: parentId)
        }
        json.key("state")
        json.string(state)
        json.key("version")
        json.integer(version)
        json.append(UInt8(ascii: "}"))
    }
}
