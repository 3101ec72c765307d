import Foundation

// What an importer reads from another comment system, before it is checked and stored.

/// An article as another comment system describes it.
public struct ForeignArticle: Sendable, Equatable {
    /// The other system's id for the thread (kept, so a second import finds it).
    public var sourceID: String
    /// parley's article key for it (the site's slug or path).
    public var key: String
    public var title: String
    public var url: String?
    public var publishedAt: Date?

    public init(sourceID: String, key: String, title: String, url: String? = nil, publishedAt: Date? = nil) {
        self.sourceID = sourceID
        self.key = key
        self.title = title
        self.url = url
        self.publishedAt = publishedAt
    }
}

/// A comment as another comment system describes it.
public struct ForeignComment: Sendable, Equatable {
    public var sourceID: String
    public var articleSourceID: String
    public var parentSourceID: String?
    public var authorName: String
    public var email: String?
    public var body: String
    public var createdAt: Date
    public var editedAt: Date?
    public var state: CommentState
    /// Deleted but kept (it may have replies): a tombstone.
    public var deleted: Bool
    public var ip: String?
    public var score: Int
    /// Set by `--moderate`: what the current rules made of the comment.
    public var censoredBody: String?
    public var moderation: String?
    public var decidedBy: String?

    public init(sourceID: String, articleSourceID: String, parentSourceID: String?, authorName: String, email: String? = nil,
                body: String, createdAt: Date, editedAt: Date? = nil, state: CommentState = .published, deleted: Bool = false,
                ip: String? = nil, score: Int = 0) {
        self.sourceID = sourceID
        self.articleSourceID = articleSourceID
        self.parentSourceID = parentSourceID
        self.authorName = authorName
        self.email = email
        self.body = body
        self.createdAt = createdAt
        self.editedAt = editedAt
        self.state = state
        self.deleted = deleted
        self.ip = ip
        self.score = score
    }
}

/// Everything read from a foreign export, ready to be checked and stored.
public struct ForeignDiscussion: Sendable, Equatable {
    /// "disqus", "wordpress", "isso": kept with every imported row with its id.
    public var source: String
    public var articles: [ForeignArticle]
    public var comments: [ForeignComment]

    public init(source: String, articles: [ForeignArticle] = [], comments: [ForeignComment] = []) {
        self.source = source
        self.articles = articles
        self.comments = comments
    }
}

