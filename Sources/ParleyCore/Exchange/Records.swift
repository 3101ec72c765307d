import Foundation

// Full rows of every table, for the lossless archive and for exports: what storage streams
// out and takes back in. Field names are the archive's (snake_case in JSON).

public struct ArticleRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var key: String
    public var title: String
    public var url: String?
    public var tags: [String]
    public var mode: String
    public var status: String
    public var publishedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var source: String?
    public var sourceId: String?

    /// Archive field names, spelled out: a key strategy would cost half of an import's time.
    enum CodingKeys: String, CodingKey {
        case id, key, title, url, tags, mode, status, publishedAt = "published_at", createdAt = "created_at"
        case updatedAt = "updated_at", source, sourceId = "source_id"
    }

    public init(id: Int64, key: String, title: String, url: String?, tags: [String], mode: String, status: String,
                publishedAt: Date?, createdAt: Date, updatedAt: Date, source: String?, sourceId: String?) {
        self.id = id
        self.key = key
        self.title = title
        self.url = url
        self.tags = tags
        self.mode = mode
        self.status = status
        self.publishedAt = publishedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.source = source
        self.sourceId = sourceId
    }
}

public struct AuthorRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var nameKey: String
    public var email: String?
    public var trust: String
    public var commentCount: Int
    public var approvedCount: Int
    public var rejectedCount: Int
    public var spamCount: Int
    public var bannedUntil: Date?
    public var banReason: String?
    public var bannedBy: String?
    public var firstSeenAt: Date
    public var lastSeenAt: Date
    public var source: String?
    public var sourceId: String?

    /// Archive field names, spelled out: a key strategy would cost half of an import's time.
    enum CodingKeys: String, CodingKey {
        case id, name, nameKey = "name_key", email, trust, commentCount = "comment_count"
        case approvedCount = "approved_count", rejectedCount = "rejected_count", spamCount = "spam_count"
        case bannedUntil = "banned_until", banReason = "ban_reason", bannedBy = "banned_by"
        case firstSeenAt = "first_seen_at", lastSeenAt = "last_seen_at", source, sourceId = "source_id"
    }

    public init(id: Int64, name: String, nameKey: String, email: String?, trust: String, commentCount: Int, approvedCount: Int, rejectedCount: Int, spamCount: Int, bannedUntil: Date?, banReason: String?, bannedBy: String?, firstSeenAt: Date, lastSeenAt: Date, source: String?, sourceId: String?) {
        self.id = id
        self.name = name
        self.nameKey = nameKey
        self.email = email
        self.trust = trust
        self.commentCount = commentCount
        self.approvedCount = approvedCount
        self.rejectedCount = rejectedCount
        self.spamCount = spamCount
        self.bannedUntil = bannedUntil
        self.banReason = banReason
        self.bannedBy = bannedBy
        self.firstSeenAt = firstSeenAt
        self.lastSeenAt = lastSeenAt
        self.source = source
        self.sourceId = sourceId
    }
}

public struct CommentRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var articleId: Int64
    public var parentId: Int64?
    public var depth: Int
    public var authorId: Int64
    public var authorName: String
    public var body: String
    public var censoredBody: String?
    public var state: String
    public var score: Int
    public var upvotes: Int
    public var downvotes: Int
    public var deleted: Bool
    public var createdAt: Date
    public var editedAt: Date?
    public var deletedAt: Date?
    public var decidedAt: Date?
    public var decidedBy: String?
    public var decidedKind: String?
    public var ip: String?
    public var editTokenHash: String?
    public var bodyFingerprint: String?
    public var moderation: String
    public var version: Int
    public var source: String?
    public var sourceId: String?

    /// Archive field names, spelled out: a key strategy would cost half of an import's time.
    enum CodingKeys: String, CodingKey {
        case id, articleId = "article_id", parentId = "parent_id", depth, authorId = "author_id"
        case authorName = "author_name", body, censoredBody = "censored_body", state, score, upvotes
        case downvotes, deleted, createdAt = "created_at", editedAt = "edited_at", deletedAt = "deleted_at"
        case decidedAt = "decided_at", decidedBy = "decided_by", decidedKind = "decided_kind", ip
        case editTokenHash = "edit_token_hash", bodyFingerprint = "body_fingerprint", moderation, version
        case source, sourceId = "source_id"
    }

    public init(id: Int64, articleId: Int64, parentId: Int64?, depth: Int, authorId: Int64, authorName: String, body: String, censoredBody: String?, state: String, score: Int, upvotes: Int, downvotes: Int, deleted: Bool, createdAt: Date, editedAt: Date?, deletedAt: Date?, decidedAt: Date?, decidedBy: String?, decidedKind: String?, ip: String?, editTokenHash: String?, bodyFingerprint: String?, moderation: String, version: Int, source: String?, sourceId: String?) {
        self.id = id
        self.articleId = articleId
        self.parentId = parentId
        self.depth = depth
        self.authorId = authorId
        self.authorName = authorName
        self.body = body
        self.censoredBody = censoredBody
        self.state = state
        self.score = score
        self.upvotes = upvotes
        self.downvotes = downvotes
        self.deleted = deleted
        self.createdAt = createdAt
        self.editedAt = editedAt
        self.deletedAt = deletedAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.decidedKind = decidedKind
        self.ip = ip
        self.editTokenHash = editTokenHash
        self.bodyFingerprint = bodyFingerprint
        self.moderation = moderation
        self.version = version
        self.source = source
        self.sourceId = sourceId
    }
}

public struct EditRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var articleId: Int64
    public var commentId: Int64
    public var body: String
    public var state: String
    public var editedAt: Date
    public var editor: String?

    /// Archive field names, spelled out: a key strategy would cost half of an import's time.
    enum CodingKeys: String, CodingKey {
        case id, articleId = "article_id", commentId = "comment_id", body, state, editedAt = "edited_at"
        case editor
    }

    public init(id: Int64, articleId: Int64, commentId: Int64, body: String, state: String, editedAt: Date, editor: String?) {
        self.id = id
        self.articleId = articleId
        self.commentId = commentId
        self.body = body
        self.state = state
        self.editedAt = editedAt
        self.editor = editor
    }
}

public struct VoteRecord: Codable, Sendable, Equatable {
    public var articleId: Int64
    public var commentId: Int64
    public var voterKey: String
    public var voter: String
    public var value: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// Archive field names, spelled out: a key strategy would cost half of an import's time.
    enum CodingKeys: String, CodingKey {
        case articleId = "article_id", commentId = "comment_id", voterKey = "voter_key", voter, value
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(articleId: Int64, commentId: Int64, voterKey: String, voter: String, value: Int, createdAt: Date, updatedAt: Date) {
        self.articleId = articleId
        self.commentId = commentId
        self.voterKey = voterKey
        self.voter = voter
        self.value = value
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public struct ReportRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var articleId: Int64
    public var commentId: Int64
    public var reporterKey: String
    public var reporter: String?
    public var reason: String
    public var createdAt: Date
    public var resolvedAt: Date?
    public var resolution: String?
    public var resolvedBy: String?

    /// Archive field names, spelled out: a key strategy would cost half of an import's time.
    enum CodingKeys: String, CodingKey {
        case id, articleId = "article_id", commentId = "comment_id", reporterKey = "reporter_key", reporter
        case reason, createdAt = "created_at", resolvedAt = "resolved_at", resolution
        case resolvedBy = "resolved_by"
    }

    public init(id: Int64, articleId: Int64, commentId: Int64, reporterKey: String, reporter: String?, reason: String, createdAt: Date, resolvedAt: Date?, resolution: String?, resolvedBy: String?) {
        self.id = id
        self.articleId = articleId
        self.commentId = commentId
        self.reporterKey = reporterKey
        self.reporter = reporter
        self.reason = reason
        self.createdAt = createdAt
        self.resolvedAt = resolvedAt
        self.resolution = resolution
        self.resolvedBy = resolvedBy
    }
}

public struct EventRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var kind: String
    public var articleId: Int64?
    public var commentId: Int64?
    public var authorId: Int64?
    public var actorType: String
    public var actor: String?
    public var action: String?
    public var fromState: String?
    public var toState: String?
    public var reason: String?
    public var details: String

    /// Archive field names, spelled out: a key strategy would cost half of an import's time.
    enum CodingKeys: String, CodingKey {
        case id, at, kind, articleId = "article_id", commentId = "comment_id", authorId = "author_id"
        case actorType = "actor_type", actor, action, fromState = "from_state", toState = "to_state", reason
        case details
    }

    public init(id: Int64, at: Date, kind: String, articleId: Int64?, commentId: Int64?, authorId: Int64?, actorType: String, actor: String?, action: String?, fromState: String?, toState: String?, reason: String?, details: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.articleId = articleId
        self.commentId = commentId
        self.authorId = authorId
        self.actorType = actorType
        self.actor = actor
        self.action = action
        self.fromState = fromState
        self.toState = toState
        self.reason = reason
        self.details = details
    }
}

public struct RulesetRecord: Codable, Sendable, Equatable {
    public var version: Int
    public var source: String
    public var checksum: String
    public var ruleCount: Int
    public var appliedAt: Date
    public var appliedBy: String

    /// Archive field names, spelled out: a key strategy would cost half of an import's time.
    enum CodingKeys: String, CodingKey {
        case version, source, checksum, ruleCount = "rule_count", appliedAt = "applied_at"
        case appliedBy = "applied_by"
    }

    public init(version: Int, source: String, checksum: String, ruleCount: Int, appliedAt: Date, appliedBy: String) {
        self.version = version
        self.source = source
        self.checksum = checksum
        self.ruleCount = ruleCount
        self.appliedAt = appliedAt
        self.appliedBy = appliedBy
    }
}
