import Foundation

/// Storage behind the moderator's desk: the queue, decisions, authors' standing, the log.
public protocol DeskRepository: Sendable {
    func queue(_ filter: QueueFilter, after cursor: QueueCursor?, limit: Int) async throws -> QueuePage
    /// How many comments a filter selects.
    func count(_ filter: QueueFilter) async throws -> Int
    func item(id: Int64) async throws -> QueueItem?

    /// Applies a decision; comments decided by another moderator since `seenVersions` (or,
    /// without versions, by another moderator at all unless `overrule`) are refused, never
    /// overwritten.
    func decide(_ action: ModeratorAction, target: DecisionTarget, reason: String?, moderator: String,
                overrule: Bool, trustPromotionThreshold: Int, once: Once<DecisionReport>?) async throws -> DecisionReport
    /// Puts a comment back in the state it had before the given decision, if nothing happened since.
    func undo(commentID: Int64, to previous: CommentState, expectedVersion: Int, moderator: String) async throws

    func authors(_ filter: AuthorFilter, limit: Int) async throws -> [Author]
    func ban(author: String, until: Date, reason: String?, moderator: String, purge: Bool,
             once: Once<BanOutcome>?) async throws -> BanOutcome
    func unban(author: String, moderator: String) async throws -> Author
    func setTrust(author: String, to trust: TrustLevel, moderator: String) async throws -> Author

    func log(_ filter: LogFilter, limit: Int) async throws -> [LogEntry]
}

/// A ban as applied: the author's record and how many of their pending comments it rejected.
public struct BanOutcome: Sendable {
    public var author: Author
    public var purged: Int

    public init(author: Author, purged: Int) {
        self.author = author
        self.purged = purged
    }
}

public struct AuthorFilter: Sendable, Equatable {
    public var bannedOnly: Bool
    public var trust: TrustLevel?
    public var nameContains: String?

    public init(bannedOnly: Bool = false, trust: TrustLevel? = nil, nameContains: String? = nil) {
        self.bannedOnly = bannedOnly
        self.trust = trust
        self.nameContains = nameContains
    }
}

public struct LogFilter: Sendable, Equatable {
    public var since: Date?
    public var articleKey: String?
    public var actor: String?
    public var commentID: Int64?
    public var kind: String?

    public init(since: Date? = nil, articleKey: String? = nil, actor: String? = nil, commentID: Int64? = nil, kind: String? = nil) {
        self.since = since
        self.articleKey = articleKey
        self.actor = actor
        self.commentID = commentID
        self.kind = kind
    }
}

/// One row of the audit log.
public struct LogEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var at: Date
    public var kind: String
    public var actorType: String
    public var actor: String?
    public var action: String?
    public var articleKey: String?
    public var commentID: Int64?
    public var authorName: String?
    public var fromState: String?
    public var toState: String?
    public var reason: String?
    public var details: String

    public init(id: Int64, at: Date, kind: String, actorType: String, actor: String?, action: String?, articleKey: String?,
                commentID: Int64?, authorName: String?, fromState: String?, toState: String?, reason: String?, details: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.actorType = actorType
        self.actor = actor
        self.action = action
        self.articleKey = articleKey
        self.commentID = commentID
        self.authorName = authorName
        self.fromState = fromState
        self.toState = toState
        self.reason = reason
        self.details = details
    }
}
