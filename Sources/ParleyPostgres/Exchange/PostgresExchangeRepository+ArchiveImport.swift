import Foundation
import ParleyCore

extension PostgresExchangeRepository {
    /// Imports run one at a time; the key is a constant of parley's.
    static let importLock = "SELECT pg_advisory_xact_lock(7072617203)"
    /// Imported comments make no live events (sql/0011_live_events.sql): nobody reads them live.
    static let quietLiveEvents = "SELECT set_config('parley.live_events', 'off', true)"

    public func importArchive(dryRun: Bool, _ feed: @escaping @Sendable (any ArchiveSink) throws -> Void) async throws -> ImportSummary {
        let summary = try await database.run { connection in
            // Staging tables live in this session's own buffers (8MB by default), which can only
            // grow before its first temporary table; a connection that had one keeps its size.
            _ = try? connection.execute("SET temp_buffers = '256MB'")
            do {
                return try connection.transaction(commit: !dryRun) { connection in
                    try connection.execute(Self.importLock)
                    try connection.execute(Self.quietLiveEvents)
                    try connection.execute("SET LOCAL work_mem = '64MB'")
                    try connection.executeScript(ArchiveStaging.tables)
                    let sink = ArchiveStagingSink(connection: connection)
                    do {
                        try feed(sink)
                        try sink.finish()
                    } catch {
                        sink.abort()
                        throw error
                    }
                    return try ArchiveMerge(connection: connection, staged: sink.staged,
                                            commentsInIDOrder: sink.commentsInIDOrder).run()
                }
            } catch {
                throw Self.describe(error)
            }
        }
        // Imported comments get their HTML now, like posted ones (render once).
        if !dryRun { try await database.comments.renderAllStoredHTML() }
        return summary
    }

    /// A row PostgreSQL refuses (a bad value, a broken rule) is the archive's fault: say so
    /// without the server's internals.
    static func describe(_ error: any Error) -> any Error {
        guard let error = error as? PostgresError, let state = error.sqlState, state.hasPrefix("22") || state.hasPrefix("23")
        else { return error }
        let what = error.constraint.map { "it breaks the rule \($0)" } ?? "a value has the wrong form"
        return ParleyError.invalid("The archive holds a row this database refuses (\(what)); nothing was imported.",
                                   code: "archive_invalid")
    }
}

/// Merges the staged archive into the real tables: checks that no id is taken by a
/// different row and that every reference resolves, then inserts what is missing, parents
/// before replies, and moves the id sequences past the imported ids.
struct ArchiveMerge {
    let connection: PostgresConnection
    /// Rows COPYed into each staging table, as the sink counted them.
    let staged: [ArchiveStaging.Kind: Int]
    /// A fresh temporary table is scanned in the order its rows were copied in; when that is
    /// id order already, sorting a million wide rows (on disk) is wasted work.
    let commentsInIDOrder: Bool
    typealias S = ArchiveStaging

    func run() throws -> ImportSummary {
        for table in S.Kind.allCases { try connection.execute("ANALYZE \(table.rawValue)") }
        try refuseClashes()
        var summary = ImportSummary()
        let rulesets = try insert("""
            INSERT INTO rulesets (version, source, checksum, rule_count, applied_at, applied_by)
            SELECT version, source, checksum, rule_count, \(S.time("applied_at")), applied_by FROM s_rulesets ORDER BY version
            """)
        summary.articlesAdded = try insert("""
            INSERT INTO articles (id, key, title, url, tags, mode, status, published_at, created_at, updated_at, source, source_id)
            SELECT id, key, title, url, tags, mode, status, \(S.time("published_at")), \(S.time("created_at")),
                   \(S.time("updated_at")), source, source_id FROM s_articles ORDER BY id
            """)
        summary.authorsAdded = try insert("""
            INSERT INTO authors (id, name, name_key, email, trust, comment_count, approved_count, rejected_count, spam_count,
                                 banned_until, ban_reason, banned_by, first_seen_at, last_seen_at, source, source_id)
            SELECT id, name, name_key, email, trust, comment_count, approved_count, rejected_count, spam_count,
                   \(S.time("banned_until")), ban_reason, banned_by, \(S.time("first_seen_at")), \(S.time("last_seen_at")),
                   source, source_id FROM s_authors ORDER BY id
            """)
        try refuseDanglingComments()
        let insertComments = """
            INSERT INTO comments (id, article_id, parent_id, root_id, path, depth, author_id, author_name, body, censored_body,
                                  state, score, upvotes, downvotes, deleted, created_at, edited_at, deleted_at, decided_at,
                                  decided_by, decided_kind, ip, edit_token_hash, body_fingerprint, moderation, version,
                                  source, source_id)
            SELECT id, article_id, parent_id, 0, '{}', 0, author_id, author_name, body, censored_body,
                   state, score, upvotes, downvotes, deleted, \(S.time("created_at")), \(S.time("edited_at")),
                   \(S.time("deleted_at")), \(S.time("decided_at")), decided_by, decided_kind, ip::inet, edit_token_hash,
                   body_fingerprint, moderation::jsonb, version, source, source_id
              FROM s_comments \(commentsInIDOrder ? "" : "ORDER BY id")
            """
        // ON CONFLICT probes all three unique indexes before each row (speculative insertion);
        // when none of the archive's comments is here yet, a plain INSERT does less per row.
        let anyAlreadyHere = try connection.query("""
            SELECT 1 FROM s_comments s WHERE EXISTS (SELECT 1 FROM comments c WHERE c.id = s.id) LIMIT 1
            """).count > 0
        summary.commentsAdded = anyAlreadyHere ? try insert(insertComments) : try connection.execute(insertComments)
        summary.commentsSkipped = staged[.comment, default: 0] - summary.commentsAdded
        try refuseDanglingReactions()
        var others = rulesets
        others += try insert("""
            INSERT INTO comment_edits (id, article_id, comment_id, body, state, edited_at, editor)
            SELECT id, article_id, comment_id, body, state, \(S.time("edited_at")), editor FROM s_edits ORDER BY id
            """)
        others += try insert("""
            INSERT INTO votes (article_id, comment_id, voter_key, voter, value, created_at, updated_at)
            SELECT article_id, comment_id, voter_key, voter, value, \(S.time("created_at")), \(S.time("updated_at"))
              FROM s_votes ORDER BY comment_id, voter_key
            """)
        others += try insert("""
            INSERT INTO reports (id, article_id, comment_id, reporter_key, reporter, reason, created_at, resolved_at,
                                 resolution, resolved_by)
            SELECT id, article_id, comment_id, reporter_key, reporter, reason, \(S.time("created_at")),
                   \(S.time("resolved_at")), resolution, resolved_by FROM s_reports ORDER BY id
            """)
        others += try insert("""
            INSERT INTO moderation_events (id, at, kind, article_id, comment_id, author_id, actor_type, actor, action,
                                           from_state, to_state, reason, details)
            SELECT id, \(S.time("at")), kind, article_id, comment_id, author_id, actor_type, actor, action, from_state,
                   to_state, reason, details::jsonb FROM s_events ORDER BY id
            """)
        summary.otherRecordsAdded = others
        var stagedOthers = 0
        for kind in [S.Kind.ruleset, .edit, .vote, .report, .event] { stagedOthers += staged[kind, default: 0] }
        summary.otherRecordsSkipped = stagedOthers - others
        for table in ["articles", "authors", "comments", "comment_edits", "reports", "moderation_events"] {
            try advanceSequence(table)
        }
        if rulesets > 0 {
            try connection.execute("SELECT pg_notify($1, max(version)::text) FROM rulesets", [PostgresRulesetRepository.channel])
        }
        return summary
    }

    private func insert(_ statement: String) throws -> Int {
        try connection.execute(statement + "\nON CONFLICT DO NOTHING")
    }

    private func advanceSequence(_ table: String) throws {
        try connection.execute("""
            SELECT setval(seq, GREATEST((SELECT COALESCE(max(id), 0) FROM \(table)), COALESCE(pg_sequence_last_value(seq), 0), 1))
              FROM CAST(pg_get_serial_sequence($1, 'id') AS regclass) AS seq
            """, [table])
    }

    /// The first offending row (by the query's first column, a line or an id), as a refusal.
    /// The ORDER BY matters for speed too: with a bare LIMIT 1 the planner bets on finding a
    /// row early and picks nested loops over the staging tables (minutes for 100,000 rows).
    private func refuse(_ query: String, _ message: (Row) throws -> String) throws {
        if let row = try connection.query(query + "\nORDER BY 1 LIMIT 1").first {
            throw ParleyError(.conflict, code: "archive_conflict", try message(row) + " Nothing was imported.")
        }
    }

    private func refuseClashes() throws {
        try refuse("""
            SELECT s.version FROM s_rulesets s JOIN rulesets r ON r.version = s.version WHERE r.checksum <> s.checksum
            """) { "Rules version \(try $0.decode(0, as: Int.self)) in the archive differs from this database's." }
        try refuse("""
            SELECT s.id, s.key, a.id, a.key FROM s_articles s
              JOIN articles a ON (a.id = s.id OR a.key = s.key) AND (a.id <> s.id OR a.key <> s.key)
            """) { row in
            "The archive's article \(try row.decode(0, as: Int64.self)) \"\(try row.decode(1, as: String.self))\" clashes with "
                + "this database's article \(try row.decode(2, as: Int64.self)) \"\(try row.decode(3, as: String.self))\"."
        }
        try refuse("""
            SELECT s.id, s.name, a.id, a.name FROM s_authors s
              JOIN authors a ON (a.id = s.id OR a.name_key = s.name_key) AND (a.id <> s.id OR a.name_key <> s.name_key)
            """) { row in
            "The archive's author \(try row.decode(0, as: Int64.self)) \"\(try row.decode(1, as: String.self))\" clashes with "
                + "this database's author \(try row.decode(2, as: Int64.self)) \"\(try row.decode(3, as: String.self))\"."
        }
        try refuse("""
            SELECT s.line, s.id FROM s_comments s JOIN comments c ON c.id = s.id
             WHERE c.article_id <> s.article_id OR c.created_at <> \(S.time("s.created_at"))
            """) { row in
            "Line \(try row.decode(0, as: Int.self)): the archive's comment \(try row.decode(1, as: Int64.self)) "
                + "is a different comment from this database's comment with that id."
        }
        for (table, target, column) in [("s_edits", "comment_edits", "edited_at"), ("s_reports", "reports", "created_at"),
                                        ("s_events", "moderation_events", "at")] {
            try refuse("""
                SELECT s.id FROM \(table) s JOIN \(target) t ON t.id = s.id WHERE t.\(column) <> \(S.time("s.\(column)"))
                """) { "Record \(try $0.decode(0, as: Int64.self)) of \(target) in the archive differs from this database's." }
        }
    }

    private func refuseDanglingComments() throws {
        try refuse("""
            SELECT s.line, s.id, s.article_id FROM s_comments s
             WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)
            """) { row in
            "Line \(try row.decode(0, as: Int.self)): comment \(try row.decode(1, as: Int64.self)) belongs to article "
                + "\(try row.decode(2, as: Int64.self)), which is neither in the archive nor in this database."
        }
        try refuse("""
            SELECT s.line, s.id, s.author_id FROM s_comments s
             WHERE NOT EXISTS (SELECT 1 FROM authors a WHERE a.id = s.author_id)
            """) { row in
            "Line \(try row.decode(0, as: Int.self)): comment \(try row.decode(1, as: Int64.self)) is by author "
                + "\(try row.decode(2, as: Int64.self)), who is neither in the archive nor in this database."
        }
        try refuse("""
            SELECT s.line, s.id, s.parent_id FROM s_comments s
             WHERE s.parent_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM s_comments p
                                WHERE p.id = s.parent_id AND p.article_id = s.article_id AND p.id < s.id)
               AND NOT EXISTS (SELECT 1 FROM comments p WHERE p.id = s.parent_id AND p.article_id = s.article_id)
            """) { row in
            "Line \(try row.decode(0, as: Int.self)): comment \(try row.decode(1, as: Int64.self)) replies to comment "
                + "\(try row.decode(2, as: Int64.self)), which does not come before it in the same article."
        }
    }

    private func refuseDanglingReactions() throws {
        for (table, target) in [("s_edits", "edit"), ("s_votes", "vote"), ("s_reports", "report")] {
            try refuse("""
                SELECT s.comment_id FROM \(table) s
                 WHERE NOT EXISTS (SELECT 1 FROM comments c WHERE c.id = s.comment_id AND c.article_id = s.article_id)
                """) { "A \(target) in the archive is for comment \(try $0.decode(0, as: Int64.self)), which is not in it." }
        }
    }
}
