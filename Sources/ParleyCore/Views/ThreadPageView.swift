/// A page of a discussion as JSON shows it (CLI `thread --json`, the HTTP API's thread
/// pages): the article, its top-level comments with their replies nested, the next cursor.
public struct ThreadPageView: Encodable, Sendable {
    public var article: ArticleView
    public var comments: [CommentView]
    public var nextCursor: String?

    public init(article: ArticleView, comments: [CommentView], nextCursor: String?) {
        self.article = article
        self.comments = comments
        self.nextCursor = nextCursor
    }

    /// Without rendered HTML; with states and the article's full record when `includeState`.
    public init(_ page: ThreadPage, includeState: Bool) {
        article = includeState ? ArticleView(page.article) : ArticleView(readerView: page.article)
        comments = page.threads.map { CommentView($0, includeState: includeState) }
        nextCursor = page.nextCursor?.token
    }

    enum CodingKeys: String, CodingKey {
        case article, comments
        case nextCursor = "next_cursor"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(article, forKey: .article)
        try container.encode(comments, forKey: .comments)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
