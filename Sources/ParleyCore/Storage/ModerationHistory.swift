import Foundation

/// A stored comment with what a ruleset would have seen when it was posted.
public struct HistoricalComment: Sendable {
    public var comment: Comment
    public var article: Article
    /// The author's record as it is today (counts and trust are not kept per moment).
    public var author: Author
    public var email: String?
    public var ip: String?
    /// Counts of comments before this one, per window asked for.
    public var facts: ModerationFacts
    /// Who decided the comment's current state: a ruleset, "pre-moderation", a moderator's name.
    public var decidedBy: String?

    public init(comment: Comment, article: Article, author: Author, email: String?, ip: String?,
                facts: ModerationFacts, decidedBy: String?) {
        self.comment = comment
        self.article = article
        self.author = author
        self.email = email
        self.ip = ip
        self.facts = facts
        self.decidedBy = decidedBy
    }
}

/// Stored comments streamed oldest first, for backtesting a draft ruleset.
public protocol ModerationHistory: Sendable {
    /// Calls `handle` for every comment posted since `since` (on a storage thread); returns how many.
    func stream(since: Date, windows: FactRequest, _ handle: @escaping @Sendable (HistoricalComment) throws -> Void) async throws -> Int
}
