import Foundation

/// A queue item as JSON shows it (CLI `--json`/`--jsonl`, the HTTP API's moderator queue).
public struct QueueItemView: Codable, Sendable, Equatable {
    public struct CommentPart: Codable, Sendable, Equatable {
        public var id: Int64
        public var parentId: Int64?
        public var state: String
        public var deleted: Bool
        public var body: String
        public var createdAt: Date
        public var editedAt: Date?
        public var version: Int
        public var decidedBy: String?
        public var decidedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, state, deleted, body, version
            case parentId = "parent_id"
            case createdAt = "created_at"
            case editedAt = "edited_at"
            case decidedBy = "decided_by"
            case decidedAt = "decided_at"
        }
    }

    public struct ArticlePart: Codable, Sendable, Equatable {
        public var key: String
        public var title: String
        public var url: String?
        public var status: String
        public var mode: String
    }

    public struct ParentPart: Codable, Sendable, Equatable {
        public var id: Int64
        public var author: String
        public var excerpt: String
    }

    public struct AuthorPart: Codable, Sendable, Equatable {
        public var name: String
        public var trust: String
        public var approvedComments: Int
        public var rejectedComments: Int
        public var spamComments: Int
        public var bannedUntil: Date?
        public var banReason: String?

        enum CodingKeys: String, CodingKey {
            case name, trust
            case approvedComments = "approved_comments"
            case rejectedComments = "rejected_comments"
            case spamComments = "spam_comments"
            case bannedUntil = "banned_until"
            case banReason = "ban_reason"
        }
    }

    public struct RulePart: Codable, Sendable, Equatable {
        public var name: String
        public var action: String
        public var reason: String?
        public var match: String?
        public var span: [Int]?
    }

    public var comment: CommentPart
    public var article: ArticlePart
    public var parent: ParentPart?
    public var author: AuthorPart
    public var rules: [RulePart]
    public var reports: [String]

    public init(_ item: QueueItem) {
        let comment = item.comment
        self.comment = CommentPart(id: comment.id, parentId: comment.parentID, state: comment.state.rawValue, deleted: comment.deleted,
                                   body: comment.body, createdAt: comment.createdAt, editedAt: comment.editedAt,
                                   version: item.version, decidedBy: item.decidedBy, decidedAt: item.decidedAt)
        article = ArticlePart(key: item.article.key, title: item.article.title, url: item.article.url,
                              status: item.article.status.rawValue, mode: item.article.mode.rawValue)
        parent = item.parent.map { ParentPart(id: $0.id, author: $0.authorName, excerpt: String($0.firstLine.prefix(200))) }
        let author = item.author
        self.author = AuthorPart(name: author.name, trust: author.trust.rawValue, approvedComments: author.approvedCount,
                                 rejectedComments: author.rejectedCount, spamComments: author.spamCount,
                                 bannedUntil: author.isBanned() ? author.bannedUntil : nil,
                                 banReason: author.isBanned() ? author.banReason : nil)
        rules = item.firedRules.map { RulePart(name: $0.name, action: $0.action.rawValue, reason: $0.reason, match: $0.match, span: $0.span) }
        reports = item.openReports
    }
}
