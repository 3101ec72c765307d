import Foundation
import ParleyCore

public struct PostgresArticleRepository: ArticleRepository {
    let database: PostgresDatabase

    public func create(_ article: NewArticle) async throws -> Article {
        let key = try TextRules.articleKey(article.key)
        let title = try TextRules.articleTitle(article.title)
        let url = try article.url.map(TextRules.url)
        let tags = try Self.normalizedTags(article.tags)
        let mode = article.mode.rawValue
        let publishedAt = article.publishedAt
        return try await database.run { connection in
            do {
                let result = try connection.query("""
                    WITH a AS (
                        INSERT INTO articles (key, title, url, tags, mode, published_at)
                        VALUES ($1, $2, $3, $4::text[], $5, $6::timestamptz)
                        RETURNING *
                    )
                    SELECT \(Columns.article) FROM a
                    """, [key, title, url, tags, mode, publishedAt])
                guard let row = result.first else { throw ParleyError.internalFailure() }
                var reader = row.reader()
                return try Columns.article(&reader)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw ParleyError.articleExists(key)
            }
        }
    }

    public func find(key: String) async throws -> Article? {
        try await database.run { connection in
            let result = try connection.query("SELECT \(Columns.article) FROM articles a WHERE a.key = $1", [key])
            guard let row = result.first else { return nil }
            var reader = row.reader()
            return try Columns.article(&reader)
        }
    }

    public func list(tag: String?, status: ArticleStatus?, limit: Int) async throws -> [Article] {
        let tagFilter = try tag.map(TextRules.tag)
        let statusFilter = status?.rawValue
        return try await database.run { connection in
            try connection.query("""
                SELECT \(Columns.article) FROM articles a
                WHERE ($1::text IS NULL OR a.tags @> ARRAY[$1::text])
                  AND ($2::text IS NULL OR a.status = $2)
                ORDER BY a.created_at DESC, a.id DESC
                LIMIT $3
                """, [tagFilter, statusFilter, limit]).rows.map { row in
                var reader = row.reader()
                return try Columns.article(&reader)
            }
        }
    }

    public func update(key: String, changes: ArticleChanges, actor: Actor) async throws -> Article {
        let title = try changes.title.map(TextRules.articleTitle)
        let url = try changes.url.map(TextRules.url)
        let tags = try changes.tags.map(Self.normalizedTags)
        let mode = changes.mode?.rawValue
        let status = changes.status?.rawValue
        let publishedAt = changes.publishedAt
        let details = Self.describe(changes)
        return try await database.run { connection in
            let result = try connection.query("""
                WITH a AS (
                    UPDATE articles SET
                        title = COALESCE($2, title),
                        url = COALESCE($3, url),
                        tags = COALESCE($4::text[], tags),
                        mode = COALESCE($5, mode),
                        status = COALESCE($6, status),
                        published_at = COALESCE($7::timestamptz, published_at),
                        sign_in = COALESCE($11, sign_in),
                        updated_at = now()
                    WHERE key = $1
                    RETURNING *
                ), logged AS (
                    INSERT INTO moderation_events (kind, article_id, actor_type, actor, action, details)
                    SELECT 'article', a.id, $8, $9, 'update', $10::jsonb FROM a
                )
                SELECT \(Columns.article) FROM a
                """, [key, title, url, tags, mode, status, publishedAt, actor.kind.rawValue, actor.name, details,
                                                changes.signIn?.rawValue])
            guard let row = result.first else { throw ParleyError.articleNotFound(key) }
            var reader = row.reader()
            return try Columns.article(&reader)
        }
    }

    public func visibleCounts(keys: [String]) async throws -> [String: Int] {
        try await database.read { connection in
            var counts: [String: Int] = [:]
            for row in try connection.query(Self.visibleCountsSQL, [keys]).rows {
                counts[try row.decode(0, as: String.self)] = try row.decode(1, as: Int.self)
            }
            return counts
        }
    }

    /// $1: the article keys. The benchmark's pgbench script runs the same text.
    static let visibleCountsSQL = """
        SELECT a.key, (SELECT COALESCE(sum(ac.visible), 0)::int8 FROM article_counts ac WHERE ac.article_id = a.id)
          FROM articles a WHERE a.key = ANY($1::text[])
        """

    public func key(id: Int64) async throws -> String? {
        try await database.run { connection in
            try connection.query("SELECT key FROM articles WHERE id = $1", [id]).first?.decode(0, as: String.self)
        }
    }

    static func normalizedTags(_ tags: [String]) throws -> [String] {
        var seen = Set<String>()
        return try tags.map(TextRules.tag).filter { seen.insert($0).inserted }
    }

    static func describe(_ changes: ArticleChanges) -> String {
        var fields: [String: String] = [:]
        if let title = changes.title { fields["title"] = title }
        if let url = changes.url { fields["url"] = url }
        if let tags = changes.tags { fields["tags"] = tags.joined(separator: ",") }
        if let mode = changes.mode { fields["mode"] = mode.rawValue }
        if let status = changes.status { fields["status"] = status.rawValue }
        if let publishedAt = changes.publishedAt { fields["published_at"] = PostgresTime.iso8601(publishedAt) }
        if let signIn = changes.signIn { fields["sign_in"] = signIn.rawValue }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(fields), as: UTF8.self)) ?? "{}"
    }
}

extension PostgresArticleRepository {
    /// The sign-in policy of the article a comment belongs to; nil when there is no such comment.
    public func signIn(commentID: Int64) async throws -> SignInPolicy? {
        try await database.run { connection in
            guard let raw = try connection.query(
                "SELECT a.sign_in FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = $1", [commentID]).first?
                .decode(0, as: String.self) else { return nil }
            return SignInPolicy(rawValue: raw)
        }
    }
}
