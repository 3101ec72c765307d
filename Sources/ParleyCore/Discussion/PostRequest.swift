import Foundation

/// A new comment as a reader (CLI or HTTP) sends it; validated by `Discussion.post`.
public struct PostRequest: Sendable, Equatable {
    public var articleKey: String
    public var authorName: String
    public var email: String?
    public var body: String
    public var parentID: Int64?
    public var ip: String?
    /// Hash of the edit token handed to the author, when the caller issues one.
    public var editTokenHash: String?
    /// When the comment was written, for trusted callers that replay history (demo, import);
    /// nil means now.
    public var createdAt: Date?
    /// A reader signed in by the newsroom's login: their token's name and email are used,
    /// and `authorName` and `email` are ignored.
    public var identity: ReaderIdentity?
    /// The author asks to be mailed when someone replies to this comment (needs an email: the
    /// request's, or the signed-in reader's).
    public var notify: Bool

    public init(articleKey: String, authorName: String, email: String? = nil, body: String, parentID: Int64? = nil,
                ip: String? = nil, editTokenHash: String? = nil, createdAt: Date? = nil, identity: ReaderIdentity? = nil,
                notify: Bool = false) {
        self.identity = identity
        self.notify = notify
        self.articleKey = articleKey
        self.authorName = authorName
        self.email = email
        self.body = body
        self.parentID = parentID
        self.ip = ip
        self.editTokenHash = editTokenHash
        self.createdAt = createdAt
    }
}

/// What became of a posted or edited comment.
public struct PostResult: Sendable, Equatable {
    public var comment: Comment
    public var decision: ModerationDecision
    /// The answer kept under the request's Idempotency-Key, exactly as stored.
    public var answer: StoredAnswer?

    public init(comment: Comment, decision: ModerationDecision, answer: StoredAnswer? = nil) {
        self.comment = comment
        self.decision = decision
        self.answer = answer
    }
}
