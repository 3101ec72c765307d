import Foundation

/// One comment waiting for (or turned away from) a moderator, with what they need to decide.
public struct QueueItem: Sendable, Equatable {
    public var comment: Comment
    /// Changes with every decision or edit; a decision made on an older version is refused.
    public var version: Int
    public var article: Article
    public var author: Author
    public var parent: ParentExcerpt?
    /// The rules that fired when it was last moderated, with matched text and spans.
    public var firedRules: [FiredRule]
    public var decidedBy: String?
    public var decidedAt: Date?
    public var openReports: [String]

    public init(comment: Comment, version: Int, article: Article, author: Author, parent: ParentExcerpt?,
                firedRules: [FiredRule], decidedBy: String?, decidedAt: Date?, openReports: [String]) {
        self.comment = comment
        self.version = version
        self.article = article
        self.author = author
        self.parent = parent
        self.firedRules = firedRules
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.openReports = openReports
    }
}

/// The first line of the comment being replied to.
public struct ParentExcerpt: Sendable, Equatable {
    public var id: Int64
    public var authorName: String
    public var firstLine: String

    public init(id: Int64, authorName: String, firstLine: String) {
        self.id = id
        self.authorName = authorName
        self.firstLine = firstLine
    }
}

public struct QueuePage: Sendable, Equatable {
    public var items: [QueueItem]
    /// How many comments match the filter in all, counted up to a cap (see `totalIsCapped`).
    public var total: Int
    /// The count stopped at its cap: there are `total` or more.
    public var totalIsCapped: Bool
    public var nextCursor: QueueCursor?

    public init(items: [QueueItem], total: Int, totalIsCapped: Bool = false, nextCursor: QueueCursor?) {
        self.items = items
        self.total = total
        self.totalIsCapped = totalIsCapped
        self.nextCursor = nextCursor
    }
}
