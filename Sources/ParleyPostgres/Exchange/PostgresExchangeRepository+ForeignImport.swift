import Foundation
import ParleyCore

extension PostgresExchangeRepository {
    /// Expects `discussion` checked and ordered by the importer (valid keys, names and
    /// bodies; parents in the file before their replies). A reply whose parent is neither in
    /// the file nor imported before becomes a top-level comment, and is counted as such.
    public func importForeign(_ discussion: ForeignDiscussion, dryRun: Bool,
                              progress: @escaping @Sendable (Int) -> Void) async throws -> ImportSummary {
        try await database.run { connection in
            try connection.execute("BEGIN")
            do {
                try connection.execute(Self.importLock)
                let summary = try ForeignMerge(connection: connection, source: discussion.source).run(discussion, progress: progress)
                try connection.execute(dryRun ? "ROLLBACK" : "COMMIT")
                return summary
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}

/// Writes one foreign discussion row by row inside the caller's transaction.
struct ForeignMerge {
    let connection: PostgresConnection
    let source: String

    func run(_ discussion: ForeignDiscussion, progress: (Int) -> Void) throws -> ImportSummary {
        var summary = ImportSummary()
        var articleIDs: [String: Int64] = [:]
        for article in discussion.articles {
            let (id, added) = try place(article)
            articleIDs[article.sourceID] = id
            if added { summary.articlesAdded += 1 }
        }
        var commentIDs: [String: (id: Int64, article: Int64)] = [:]
        for row in try connection.query("SELECT source_id, id, article_id FROM comments WHERE source = $1", [source]).rows {
            commentIDs[try row.decode(0, as: String.self)] = (try row.decode(1, as: Int64.self), try row.decode(2, as: Int64.self))
        }
        let knownAuthors = try connection.query("SELECT count(*) FROM authors").first?.decode(0, as: Int.self) ?? 0
        for (index, comment) in discussion.comments.enumerated() {
            if index % 500 == 0 { progress(index) }
            if commentIDs[comment.sourceID] != nil {
                summary.commentsSkipped += 1
                continue
            }
            guard let articleID = articleIDs[comment.articleSourceID] else {
                throw ParleyError.invalid("Comment \(comment.sourceID) belongs to thread \(comment.articleSourceID), which is not in the file.")
            }
            // A parent missing, or imported under another thread, leaves the reply at the top.
            let parent = comment.parentSourceID.flatMap { commentIDs[$0] }
            let parentID = parent?.article == articleID ? parent?.id : nil
            if comment.parentSourceID != nil, parentID == nil { summary.orphansRooted += 1 }
            commentIDs[comment.sourceID] = (try insert(comment, articleID: articleID, parentID: parentID), articleID)
            summary.commentsAdded += 1
        }
        progress(discussion.comments.count)
        let authorsNow = try connection.query("SELECT count(*) FROM authors").first?.decode(0, as: Int.self) ?? 0
        summary.authorsAdded = authorsNow - knownAuthors
        if summary.commentsAdded > 0 || summary.articlesAdded > 0 {
            try connection.execute("""
                INSERT INTO moderation_events (kind, actor_type, actor, action, details)
                VALUES ('import', 'system', $1, 'import',
                        jsonb_build_object('source', $1::text, 'articles', $2::int, 'comments', $3::int, 'skipped', $4::int))
                """, [source, summary.articlesAdded, summary.commentsAdded, summary.commentsSkipped])
        }
        return summary
    }

    /// The article's id, matched by source id, then by key; created when neither is known.
    private func place(_ article: ForeignArticle) throws -> (Int64, Bool) {
        if let row = try connection.query("""
            SELECT id FROM articles WHERE (source = $1 AND source_id = $2) OR key = $3
             ORDER BY (source IS NOT DISTINCT FROM $1 AND source_id IS NOT DISTINCT FROM $2) DESC LIMIT 1
            """, [source, article.sourceID, article.key]).first {
            return (try row.decode(0, as: Int64.self), false)
        }
        let created = article.publishedAt ?? Date()
        let id = try connection.query("""
            INSERT INTO articles (key, title, url, published_at, created_at, updated_at, source, source_id)
            VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $5::timestamptz, $6, $7) RETURNING id
            """, [article.key, article.title, article.url, article.publishedAt, created, source, article.sourceID])
            .first!.decode(0, as: Int64.self)
        return (id, true)
    }

    private func insert(_ comment: ForeignComment, articleID: Int64, parentID: Int64?) throws -> Int64 {
        let state = comment.state.rawValue
        let visible = comment.state == .published || comment.state == .flagged
        let authorID = try connection.query("""
            INSERT INTO authors AS au (name, name_key, email, comment_count, approved_count, rejected_count, spam_count,
                                       first_seen_at, last_seen_at, source)
            VALUES ($1, $2, $3, 1, $4, $5, $6, $7::timestamptz, $7::timestamptz, $8)
            ON CONFLICT (name_key) DO UPDATE SET
                email = COALESCE(au.email, EXCLUDED.email),
                comment_count = au.comment_count + 1,
                approved_count = au.approved_count + EXCLUDED.approved_count,
                rejected_count = au.rejected_count + EXCLUDED.rejected_count,
                spam_count = au.spam_count + EXCLUDED.spam_count,
                first_seen_at = LEAST(au.first_seen_at, EXCLUDED.first_seen_at),
                last_seen_at = GREATEST(au.last_seen_at, EXCLUDED.last_seen_at)
            RETURNING au.id
            """, [comment.authorName, TextRules.nameKey(comment.authorName), comment.email, visible ? 1 : 0,
                  comment.state == .rejected ? 1 : 0, comment.state == .spam ? 1 : 0, comment.createdAt, source])
            .first!.decode(0, as: Int64.self)
        let moderation = comment.moderation ?? #"{"imported_from":"\#(source)"}"#
        let decidedBy = comment.decidedBy ?? "import:\(source)"
        return try connection.query("""
            INSERT INTO comments (article_id, parent_id, root_id, path, depth, author_id, author_name, body, censored_body,
                                  state, score, upvotes, deleted, created_at, edited_at, deleted_at, decided_at, decided_by,
                                  decided_kind, ip, moderation, source, source_id)
            VALUES ($1, $2, 0, '{}', 0, $3, $4, $5, $6, $7, $8, GREATEST($8::int, 0), $9, $10::timestamptz, $11::timestamptz,
                    CASE WHEN $9::bool THEN COALESCE($11::timestamptz, $10::timestamptz) END, $10::timestamptz, $12,
                    'system', $13::inet, $14::jsonb, $15, $16)
            RETURNING id
            """, [articleID, parentID, authorID, comment.authorName, comment.body, comment.censoredBody, state, comment.score,
                  comment.deleted, comment.createdAt, comment.editedAt, decidedBy, comment.ip, moderation, source,
                  comment.sourceID])
            .first!.decode(0, as: Int64.self)
    }
}
