import Foundation

/// An article as JSON shows it (CLI `--json`, the HTTP API, exports). snake_case keys.
public struct ArticleView: Codable, Sendable, Equatable {
    public var key: String
    public var title: String
    public var url: String?
    public var status: String
    public var mode: String?
    public var tags: [String]?
    public var publishedAt: Date?
    public var createdAt: Date?
    public var commentCount: Int
    /// "optional" or "required": whether readers must sign in to write.
    public var signIn: String

    enum CodingKeys: String, CodingKey {
        case key, title, url, status, mode, tags
        case signIn = "sign_in"
        case publishedAt = "published_at"
        case createdAt = "created_at"
        case commentCount = "comment_count"
    }

    /// Readers' view: what API.md promises and nothing about moderation.
    public init(readerView article: Article) {
        key = article.key
        title = article.title
        url = article.url
        status = article.status.rawValue
        commentCount = article.visibleCount
        signIn = article.signIn.rawValue
    }

    /// Absent optional fields are left out, except `url`, which API.md shows as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(title, forKey: .title)
        try container.encode(url, forKey: .url)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(mode, forKey: .mode)
        try container.encodeIfPresent(tags, forKey: .tags)
        try container.encodeIfPresent(publishedAt, forKey: .publishedAt)
        try container.encodeIfPresent(createdAt, forKey: .createdAt)
        try container.encode(commentCount, forKey: .commentCount)
        try container.encode(signIn, forKey: .signIn)
    }

    /// The full record, for moderators and the CLI.
    public init(_ article: Article) {
        self.init(readerView: article)
        mode = article.mode.rawValue
        tags = article.tags
        publishedAt = article.publishedAt
        createdAt = article.createdAt
    }
}
