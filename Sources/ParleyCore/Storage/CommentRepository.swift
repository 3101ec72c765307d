import Foundation

/// What posting needs to know, fetched together in one round trip.
public struct PostingContext: Sendable {
    public var article: Article?
    public var parent: Comment?
    public var author: Author?
    public var facts: ModerationFacts
    /// An anonymous post's name is a verified reader's display name.
    public var nameTaken: Bool
    /// With an Idempotency-Key: the answer a first request with that key got.
    public var answeredBefore: AnsweredBefore?

    public init(article: Article?, parent: Comment?, author: Author?, facts: ModerationFacts = .none, nameTaken: Bool = false,
                answeredBefore: AnsweredBefore? = nil) {
        self.answeredBefore = answeredBefore
        self.article = article
        self.parent = parent
        self.author = author
        self.facts = facts
        self.nameTaken = nameTaken
    }
}

/// A decided comment, ready to be stored.
public struct CommentDraft: Sendable {
    public var articleID: Int64
    public var parentID: Int64?
    public var authorName: String
    public var authorKey: String
    public var email: String?
    public var body: String
    public var ip: String?
    public var editTokenHash: String?
    public var decision: ModerationDecision
    /// The normalized-text fingerprint, for later duplicate checks.
    public var fingerprint: String?
    /// Approved comments after which a `new` author becomes `regular`.
    public var trustPromotionThreshold: Int
    /// nil: now.
    public var createdAt: Date?
    /// A signed-in reader: the author record is theirs, whatever the name.
    public var identity: ReaderIdentity?
    /// The id reserved for the comment (nil: the next one).
    public var id: Int64?
    /// The answer to keep with the comment, in the same statement, for its Idempotency-Key.
    public var kept: KeptAnswer?
    /// The visible text rendered (`CommentRendering`); nil for a comment readers never see.
    public var html: String?
    /// Where to mail replies to this comment, when its author asked for that (`"notify": true`).
    public var notifyEmail: String?

    public init(articleID: Int64, parentID: Int64?, authorName: String, authorKey: String, email: String?, body: String,
                ip: String?, editTokenHash: String?, decision: ModerationDecision, trustPromotionThreshold: Int,
                createdAt: Date? = nil, fingerprint: String? = nil, identity: ReaderIdentity? = nil) {
        self.identity = identity
        self.articleID = articleID
        self.parentID = parentID
        self.authorName = authorName
        self.authorKey = authorKey
        self.email = email
        self.body = body
        self.ip = ip
        self.editTokenHash = editTokenHash
        self.decision = decision
        self.trustPromotionThreshold = trustPromotionThreshold
        self.createdAt = createdAt
        self.fingerprint = fingerprint
    }
}

/// An answer to keep under an Idempotency-Key.
public struct KeptAnswer: Sendable {
    public var key: IdempotencyKey
    public var answer: StoredAnswer

    public init(key: IdempotencyKey, answer: StoredAnswer) {
        self.key = key
        self.answer = answer
    }
}

/// An edit, decided again by moderation.
public struct CommentEdit: Sendable {
    public var commentID: Int64
    /// The version read before deciding; the edit is refused if the comment changed since.
    public var expectedVersion: Int
    public var body: String
    public var state: CommentState
    public var decision: ModerationDecision
    public var editor: Actor
    public var fingerprint: String?
    /// The new visible text rendered; nil when the edit is rejected.
    public var html: String?

    public init(commentID: Int64, expectedVersion: Int, body: String, state: CommentState, decision: ModerationDecision,
                editor: Actor, fingerprint: String? = nil, html: String? = nil) {
        self.html = html
        self.commentID = commentID
        self.expectedVersion = expectedVersion
        self.body = body
        self.state = state
        self.decision = decision
        self.editor = editor
        self.fingerprint = fingerprint
    }
}

/// A comment with what editing it needs: its article, author and concurrency version.
public struct EditingContext: Sendable {
    public var comment: Comment
    public var version: Int
    public var article: Article
    public var author: Author
    public var editTokenHash: String?
    public var facts: ModerationFacts

    public init(comment: Comment, version: Int, article: Article, author: Author, editTokenHash: String?, facts: ModerationFacts = .none) {
        self.comment = comment
        self.version = version
        self.article = article
        self.author = author
        self.editTokenHash = editTokenHash
        self.facts = facts
    }
}

/// Which part of a discussion to read.
public struct ThreadRequest: Sendable, Equatable {
    public var articleKey: String
    public var sort: ThreadSort
    public var audience: ThreadAudience
    /// nil: the whole discussion. Otherwise a page of this many top-level threads.
    public var limit: Int?
    public var cursor: ThreadCursor?

    public init(articleKey: String, sort: ThreadSort = .oldest, audience: ThreadAudience = .readers,
                limit: Int? = nil, cursor: ThreadCursor? = nil) {
        self.articleKey = articleKey
        self.sort = sort
        self.audience = audience
        self.limit = limit
        self.cursor = cursor
    }
}

/// Rows of a discussion as storage returns them, before tree assembly.
public struct ThreadRows: Sendable {
    public var article: Article
    public var comments: [Comment]
    /// Page order of top-level comments; nil for a whole discussion.
    public var rootOrder: [Int64]?
    /// More top-level comments follow this page.
    public var hasMore: Bool

    public init(article: Article, comments: [Comment], rootOrder: [Int64]?, hasMore: Bool) {
        self.article = article
        self.comments = comments
        self.rootOrder = rootOrder
        self.hasMore = hasMore
    }
}

public struct ReportOutcome: Sendable, Equatable {
    /// Distinct open reports on the comment, this one included.
    public var openReports: Int
    /// The comment went into the `reported` queue with this report.
    public var hidden: Bool
    /// This reporter had already reported the comment; nothing new was stored.
    public var duplicate: Bool

    public init(openReports: Int, hidden: Bool, duplicate: Bool) {
        self.openReports = openReports
        self.hidden = hidden
        self.duplicate = duplicate
    }
}

/// Storage of comments and what hangs off them (history, votes, reports, log entries).
public protocol CommentRepository: Sendable {
    /// The article, the parent, the author and the facts asked for, in one round trip. The
    /// author is the signed-in reader's record when `identity` is given, else the anonymous
    /// author of that name key (and `nameTaken` says whether a verified reader uses the name).
    /// With `idempotency`, also the answer stored under that key.
    func postingContext(articleKey: String, parentID: Int64?, authorKey: String, identity: ReaderIdentity?,
                        facts: FactRequest, idempotency: IdempotencyKey?) async throws -> PostingContext
    /// Read just before a batch of posts is committed (and after the batch before it): for
    /// each post the facts it asked for, its author's record, and the id its comment gets.
    func batchContext(_ posts: [BatchPostContextRequest]) async throws -> BatchPostContext
    /// Stores the drafts with one statement, in one transaction: comments, author records,
    /// log entries, counts and kept answers. One outcome per draft, in order: a draft whose
    /// article closed meanwhile fails alone (`article_closed`), one whose Idempotency-Key
    /// another request holds gets that answer (`AnsweredBefore`). When the statement fails as
    /// a whole, each draft is stored alone, so one bad draft never fails the others.
    func insertBatch(_ drafts: [CommentDraft]) async throws -> [Result<Comment, any Error>]
    /// Stores the comment, its author's record, the log entry of its decision and the kept
    /// answer at once. Refuses a closed article (`article_closed`) and a parent elsewhere;
    /// throws `AnsweredBefore` when another request with the same key got there first.
    func insert(_ draft: CommentDraft) async throws -> Comment
    func find(id: Int64) async throws -> Comment?
    func editingContext(id: Int64, facts: FactRequest) async throws -> EditingContext?
    /// Keeps the previous text in the history; refuses when the comment changed meanwhile.
    /// An edit whose `state` is `rejected` leaves the comment unchanged and keeps the refused
    /// text in the history instead.
    func applyEdit(_ edit: CommentEdit) async throws -> Comment
    /// Soft delete: the comment stays as a tombstone while it has visible replies.
    func delete(id: Int64, actor: Actor) async throws -> Comment
    func report(id: Int64, reporterKey: String, reporter: String?, reason: String, threshold: Int,
                once: Once<ReportOutcome>?) async throws -> ReportOutcome
    /// One vote per voter; voting again replaces the earlier vote. Returns the new score.
    func vote(id: Int64, voterKey: String, voter: String, value: Int, once: Once<Int>?) async throws -> Int
    /// One round trip: the article and the comments of the threads asked for.
    func thread(_ request: ThreadRequest) async throws -> ThreadRows
}

public protocol AuthorRepository: Sendable {
    func find(name: String) async throws -> Author?
}
