import Foundation

/// Whether comments on an article are published at once or held until a moderator approves.
public enum ModerationMode: String, Sendable, Codable, CaseIterable {
    case pre
    case post
}

public enum ArticleStatus: String, Sendable, Codable, CaseIterable {
    case open
    case closed
}

/// A story on the site that readers discuss, identified by the site's stable key.
public struct Article: Sendable, Equatable, Codable {
    public var id: Int64
    public var key: String
    public var title: String
    public var url: String?
    public var tags: [String]
    public var mode: ModerationMode
    public var status: ArticleStatus
    public var publishedAt: Date?
    public var createdAt: Date
    /// Comments readers can see (published or flagged, not deleted).
    public var visibleCount: Int
    /// Comments in every state, deleted ones included.
    public var totalCount: Int
    /// Whether readers must sign in to write.
    public var signIn: SignInPolicy

    public init(
        id: Int64, key: String, title: String, url: String? = nil, tags: [String] = [],
        mode: ModerationMode = .post, status: ArticleStatus = .open, publishedAt: Date? = nil,
        createdAt: Date, visibleCount: Int = 0, totalCount: Int = 0, signIn: SignInPolicy = .optional
    ) {
        self.id = id
        self.key = key
        self.title = title
        self.url = url
        self.tags = tags
        self.mode = mode
        self.status = status
        self.publishedAt = publishedAt
        self.createdAt = createdAt
        self.visibleCount = visibleCount
        self.totalCount = totalCount
        self.signIn = signIn
    }
}

/// What `articles add` asks for.
public struct NewArticle: Sendable, Equatable {
    public var key: String
    public var title: String
    public var url: String?
    public var tags: [String]
    public var mode: ModerationMode
    public var publishedAt: Date?

    public init(key: String, title: String, url: String? = nil, tags: [String] = [], mode: ModerationMode = .post, publishedAt: Date? = nil) {
        self.key = key
        self.title = title
        self.url = url
        self.tags = tags
        self.mode = mode
        self.publishedAt = publishedAt
    }
}

/// What `articles set` may change; nil leaves a field as it is.
public struct ArticleChanges: Sendable, Equatable {
    public var title: String?
    public var url: String?
    public var tags: [String]?
    public var mode: ModerationMode?
    public var status: ArticleStatus?
    public var publishedAt: Date?
    public var signIn: SignInPolicy?

    public init(title: String? = nil, url: String? = nil, tags: [String]? = nil, mode: ModerationMode? = nil,
                status: ArticleStatus? = nil, publishedAt: Date? = nil, signIn: SignInPolicy? = nil) {
        self.title = title
        self.url = url
        self.tags = tags
        self.mode = mode
        self.status = status
        self.publishedAt = publishedAt
        self.signIn = signIn
    }

    public var isEmpty: Bool {
        title == nil && url == nil && tags == nil && mode == nil && status == nil && publishedAt == nil && signIn == nil
    }
}
