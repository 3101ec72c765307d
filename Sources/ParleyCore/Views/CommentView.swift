import Foundation

/// A comment with its replies as JSON shows it: the `Comment` of API.md, plus `state`
/// for moderators. A tombstone has `deleted: true` and neither body nor author.
public struct CommentView: Codable, Sendable, Equatable {
    public struct AuthorView: Codable, Sendable, Equatable {
        public var name: String
        /// A reader signed in through the newsroom's login.
        public var verified: Bool
    }

    public var id: Int64
    public var parentId: Int64?
    public var author: AuthorView?
    public var body: String?
    public var html: String?
    public var createdAt: Date
    public var editedAt: Date?
    public var score: Int
    public var deleted: Bool
    public var state: String?
    public var replies: [CommentView]
    /// Leaves `replies` out of the JSON (a single comment, as live events send it).
    public var omitsReplies = false

    enum CodingKeys: String, CodingKey {
        case id, author, body, html, score, deleted, state, replies
        case parentId = "parent_id"
        case createdAt = "created_at"
        case editedAt = "edited_at"
    }

    /// - Parameters:
    ///   - renderHTML: turns a visible body into safe HTML; nil leaves `html` out.
    ///   - includeState: moderators see the state and the original text.
    public init(_ node: ThreadNode, includeState: Bool = false, renderHTML: ((String) -> String)? = nil) {
        let comment = node.comment
        id = comment.id
        parentId = comment.parentID
        createdAt = comment.createdAt
        editedAt = comment.editedAt
        score = comment.score
        deleted = node.isTombstone || comment.deleted
        if node.isTombstone {
            author = nil
            body = nil
        } else {
            author = AuthorView(name: comment.authorName, verified: comment.authorVerified)
            body = includeState ? comment.body : comment.visibleBody
            html = renderHTML.map { comment.html ?? $0(comment.visibleBody) }
        }
        state = includeState ? comment.state.rawValue : nil
        replies = node.replies.map { CommentView($0, includeState: includeState, renderHTML: renderHTML) }
    }

    /// Keeps `null` for absent optional values, as API.md's shapes show them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(parentId, forKey: .parentId)
        try container.encode(author, forKey: .author)
        try container.encode(body, forKey: .body)
        if let html { try container.encode(html, forKey: .html) }
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(editedAt, forKey: .editedAt)
        try container.encode(score, forKey: .score)
        try container.encode(deleted, forKey: .deleted)
        if let state { try container.encode(state, forKey: .state) }
        if !omitsReplies { try container.encode(replies, forKey: .replies) }
    }
}

/// JSON encoders with parley's conventions: RFC 3339 UTC times, stable key order.
public enum ParleyJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(rfc3339(date))
        }
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// RFC 3339 in UTC, with milliseconds only when the time has them (written by hand: the
    /// formatter styles cost more than the rest of a comment's JSON).
    public static func rfc3339(_ date: Date) -> String {
        UTCTime(date, fractionDigits: 3).string(omitZeroFraction: true)
    }
}
