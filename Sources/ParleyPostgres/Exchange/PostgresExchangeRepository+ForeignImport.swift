import Foundation
import ParleyCore

extension PostgresExchangeRepository {
    /// Expects `discussion` checked and ordered by the importer (valid keys, names and
    /// bodies; parents in the file before their replies). A reply whose parent is neither in
    /// the file nor imported before becomes a top-level comment, and is counted as such.
    public func importForeign(_ discussion: ForeignDiscussion, dryRun: Bool,
                              progress: @escaping @Sendable (Int) -> Void) async throws -> ImportSummary {
        let summary = try await database.run { connection in
            try connection.transaction(commit: !dryRun) { connection in
                try connection.execute(Self.importLock)
                try connection.execute(Self.quietLiveEvents)
                return try ForeignMerge(connection: connection, source: discussion.source).run(discussion, progress: progress)
            }
        }
        // Imported comments get their HTML now, like posted ones (render once).
        if !dryRun { try await database.comments.renderAllStoredHTML() }
        return summary
    }
}

/// Writes one foreign discussion inside the caller's transaction: articles row by row (a
/// few), comments in bulk. New comments get their ids from the sequence up front, so replies
/// find their parents' ids here; they are staged by COPY, and then one statement upserts
/// their authors and one inserts them in id order (parents first, as the file has them).
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
        var newIDs = try allocateIDs(discussion.comments.count { commentIDs[$0.sourceID] == nil })[...]

        try connection.executeScript(Self.stagingTable)
        let stream = try connection.beginCopyIn("COPY s_foreign FROM STDIN")
        do {
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
                let id = newIDs.removeFirst()
                commentIDs[comment.sourceID] = (id, articleID)
                try stream.row(stagingRow(comment, id: id, articleID: articleID, parentID: parentID))
                summary.commentsAdded += 1
            }
            try stream.finish()
        } catch {
            stream.abort()
            throw error
        }
        progress(discussion.comments.count)
        if summary.commentsAdded > 0 {
            try connection.execute("ANALYZE s_foreign")
            try connection.execute(Self.upsertAuthors, [source])
            try connection.execute(Self.insertComments, [source])
        }
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

    /// `count` new comment ids, rising.
    private func allocateIDs(_ count: Int) throws -> [Int64] {
        guard count > 0 else { return [] }
        return try connection.query("""
            SELECT nextval(pg_get_serial_sequence('comments', 'id')) FROM generate_series(1, $1::int) ORDER BY 1
            """, [count]).rows.map { try $0.decode(0, as: Int64.self) }
    }

    private func stagingRow(_ comment: ForeignComment, id: Int64, articleID: Int64, parentID: Int64?) -> [String?] {
        [String(id), String(articleID), parentID.map { String($0) }, comment.authorName, TextRules.nameKey(comment.authorName),
         comment.email, comment.body, comment.censoredBody, comment.state.rawValue, String(comment.score),
         comment.deleted ? "t" : "f", PostgresTime.iso8601(comment.createdAt), comment.editedAt.map(PostgresTime.iso8601),
         comment.decidedBy ?? "import:\(source)", comment.ip,
         comment.moderation ?? #"{"imported_from":"\#(source)"}"#, comment.sourceID]
    }

    static let stagingTable = """
        CREATE TEMP TABLE s_foreign (id int8, article_id int8, parent_id int8, author_name text, name_key text, email text,
            body text, censored_body text, state text, score int, deleted bool, created_at timestamptz,
            edited_at timestamptz, decided_by text, ip text, moderation text, source_id text) ON COMMIT DROP;
        """

    /// One row per author of the file, counted as if their comments had come one by one:
    /// the name and email of their first comment, their states counted, first and last seen.
    /// $1 source.
    static let upsertAuthors = """
        INSERT INTO authors AS au (name, name_key, email, comment_count, approved_count, rejected_count, spam_count,
                                   first_seen_at, last_seen_at, source)
        SELECT (array_agg(author_name ORDER BY id))[1], name_key,
               (array_agg(email ORDER BY id) FILTER (WHERE email IS NOT NULL))[1], count(*),
               count(*) FILTER (WHERE state IN ('published', 'flagged')), count(*) FILTER (WHERE state = 'rejected'),
               count(*) FILTER (WHERE state = 'spam'), min(created_at), max(created_at), $1
          FROM s_foreign GROUP BY name_key
        ON CONFLICT (name_key) WHERE sso_name IS NULL DO UPDATE SET
            email = COALESCE(au.email, EXCLUDED.email),
            comment_count = au.comment_count + EXCLUDED.comment_count,
            approved_count = au.approved_count + EXCLUDED.approved_count,
            rejected_count = au.rejected_count + EXCLUDED.rejected_count,
            spam_count = au.spam_count + EXCLUDED.spam_count,
            first_seen_at = LEAST(au.first_seen_at, EXCLUDED.first_seen_at),
            last_seen_at = GREATEST(au.last_seen_at, EXCLUDED.last_seen_at)
        """

    /// $1 source.
    static let insertComments = """
        INSERT INTO comments (id, article_id, parent_id, root_id, path, depth, author_id, author_name, body, censored_body,
                              state, score, upvotes, deleted, created_at, edited_at, deleted_at, decided_at, decided_by,
                              decided_kind, ip, moderation, source, source_id)
        SELECT s.id, s.article_id, s.parent_id, 0, '{}', 0, a.id, s.author_name, s.body, s.censored_body, s.state, s.score,
               GREATEST(s.score, 0), s.deleted, s.created_at, s.edited_at,
               CASE WHEN s.deleted THEN COALESCE(s.edited_at, s.created_at) END, s.created_at, s.decided_by,
               'system', s.ip::inet, s.moderation::jsonb, $1, s.source_id
          FROM s_foreign s JOIN authors a ON a.name_key = s.name_key AND a.sso_name IS NULL
         ORDER BY s.id
        """
}
