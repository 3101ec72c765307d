/// Storage of articles. Implemented by the PostgreSQL layer.
public protocol ArticleRepository: Sendable {
    /// Refuses a key already in use (`article_exists`).
    func create(_ article: NewArticle) async throws -> Article
    func find(key: String) async throws -> Article?
    /// Newest first; `tag` and `status` narrow the list.
    func list(tag: String?, status: ArticleStatus?, limit: Int) async throws -> [Article]
    /// Refuses an unknown key (`article_not_found`).
    func update(key: String, changes: ArticleChanges, actor: Actor) async throws -> Article
    /// Visible comments per article key; unknown keys are left out.
    func visibleCounts(keys: [String]) async throws -> [String: Int]
    func key(id: Int64) async throws -> String?
}
