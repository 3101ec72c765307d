import Foundation
import ParleyCore

extension PostgresDeskRepository {
    public func authors(_ filter: AuthorFilter, limit: Int) async throws -> [Author] {
        let contains = filter.nameContains.map { "%" + TextRules.nameKey($0).replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%" }
        return try await database.run { connection in
            try connection.query("""
                SELECT \(Columns.author) FROM authors au
                 WHERE ($1::bool IS NOT TRUE OR au.banned_until > now())
                   AND ($2::text IS NULL OR au.trust = $2::text)
                   AND ($3::text IS NULL OR au.name_key LIKE $3::text)
                 ORDER BY au.last_seen_at DESC, au.id DESC
                 LIMIT $4
                """, [filter.bannedOnly, filter.trust?.rawValue, contains, limit]).rows.map { row in
                var reader = row.reader()
                return try Columns.author(&reader)
            }
        }
    }

    public func ban(author name: String, until: Date, reason: String?, moderator: String, purge: Bool,
                    once: Once<BanOutcome>?) async throws -> BanOutcome {
        let display = try TextRules.personName(name)
        let key = TextRules.nameKey(display)
        return try await database.transaction(once: once) { connection in
            // A signed-in reader who shows that name now is banned by identity (the ban follows
            // them whatever they are called later). Otherwise the anonymous name is banned, even
            // before it ever posts: the record is created if needed.
            let row = try connection.query("""
                WITH target AS (
                    SELECT id FROM authors WHERE id = \(Columns.authorID(nameKey: "$2")) AND verified
                ), banned AS (
                    UPDATE authors au SET banned_until = $3::timestamptz, ban_reason = $4, banned_by = $5
                      FROM target WHERE au.id = target.id
                    RETURNING \(Columns.author)
                ), created AS (
                    INSERT INTO authors AS au (name, name_key, banned_until, ban_reason, banned_by)
                    SELECT $1, $2, $3::timestamptz, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM target)
                    ON CONFLICT (name_key) WHERE sso_name IS NULL DO UPDATE SET banned_until = EXCLUDED.banned_until,
                           ban_reason = EXCLUDED.ban_reason, banned_by = EXCLUDED.banned_by
                    RETURNING \(Columns.author)
                )
                SELECT * FROM banned UNION ALL SELECT * FROM created
                """, [display, key, until, reason, moderator]).first!
            var reader = row.reader()
            let author = try Columns.author(&reader)
            try connection.execute("""
                INSERT INTO moderation_events (kind, author_id, actor_type, actor, action, reason, details)
                VALUES ('ban', $1, 'moderator', $2, 'ban', $3, jsonb_build_object('until', $4::text, 'purge', $5::bool))
                """, [author.id, moderator, reason, until == .distantFuture ? "forever" : PostgresTime.iso8601(until), purge])
            var purged = 0
            if purge {
                purged = try connection.query("""
                    WITH hidden AS (
                        UPDATE comments SET state = 'rejected', decided_at = now(), decided_by = $2, decided_kind = 'moderator',
                               version = version + 1
                         WHERE author_id = $1 AND state = 'pending'
                        RETURNING id, article_id, author_id
                    ), logged AS (
                        INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action,
                                                       from_state, to_state, reason)
                        SELECT 'decision', article_id, id, author_id, 'moderator', $2, 'reject', 'pending', 'rejected',
                               'Author banned' FROM hidden
                    ), counted AS (
                        UPDATE authors SET rejected_count = rejected_count + (SELECT count(*) FROM hidden) WHERE id = $1
                    )
                    SELECT count(*) FROM hidden
                    """, [author.id, moderator]).first?.decode(0) ?? 0
            }
            return BanOutcome(author: author, purged: purged)
        }
    }

    public func unban(author name: String, moderator: String) async throws -> Author {
        try await changeAuthor(name, moderator: moderator, kind: "unban", set: "banned_until = NULL, ban_reason = NULL, banned_by = NULL",
                               parameters: [])
    }

    public func setTrust(author name: String, to trust: TrustLevel, moderator: String) async throws -> Author {
        try await changeAuthor(name, moderator: moderator, kind: "trust", set: "trust = $3", parameters: [trust.rawValue])
    }

    /// Updates one author (SET clause of parley's own; values bound) and logs it with the before and after.
    private func changeAuthor(_ name: String, moderator: String, kind: String, set: String,
                              parameters: [(any PostgresBindable)?]) async throws -> Author {
        let key = TextRules.nameKey(name)
        return try await database.transaction { connection in
            guard let before = try connection.query(
                "SELECT id, trust FROM authors WHERE id = \(Columns.authorID(nameKey: "$1")) FOR UPDATE", [key]).first else {
                throw ParleyError.authorNotFound(name)
            }
            let id: Int64 = try before.decode(0)
            let oldTrust: String = try before.decode(1)
            let row = try connection.query("UPDATE authors au SET \(set) WHERE id = $1 AND $2::text IS NOT NULL RETURNING \(Columns.author)",
                                           [id, moderator] + parameters).first!
            var reader = row.reader()
            let author = try Columns.author(&reader)
            try connection.execute("""
                INSERT INTO moderation_events (kind, author_id, actor_type, actor, action, details)
                VALUES ($1, $2, 'moderator', $3, $1, jsonb_build_object('from', $4::text, 'to', $5::text))
                """, [kind, author.id, moderator, oldTrust, author.trust.rawValue])
            return author
        }
    }

    public func log(_ filter: LogFilter, limit: Int) async throws -> [LogEntry] {
        try await database.run { connection in
            try connection.query("""
                SELECT e.id, e.at, e.kind, e.actor_type, e.actor, e.action, a.key, e.comment_id, au.name,
                       e.from_state, e.to_state, e.reason, e.details::text
                  FROM moderation_events e
                  LEFT JOIN articles a ON a.id = e.article_id
                  LEFT JOIN authors au ON au.id = e.author_id
                 WHERE ($1::timestamptz IS NULL OR e.at >= $1::timestamptz)
                   AND ($2::text IS NULL OR a.key = $2::text)
                   AND ($3::text IS NULL OR e.actor = $3::text)
                   AND ($4::int8 IS NULL OR e.comment_id = $4::int8)
                   AND ($5::text IS NULL OR e.kind = $5::text)
                 ORDER BY e.at DESC, e.id DESC
                 LIMIT $6
                """, [filter.since, filter.articleKey, filter.actor, filter.commentID, filter.kind, limit]).rows.map { row in
                var reader = row.reader()
                return LogEntry(id: try reader.next(), at: try reader.next(), kind: try reader.next(), actorType: try reader.next(),
                                actor: try reader.optional(), action: try reader.optional(), articleKey: try reader.optional(),
                                commentID: try reader.optional(), authorName: try reader.optional(), fromState: try reader.optional(),
                                toState: try reader.optional(), reason: try reader.optional(), details: try reader.next())
            }
        }
    }
}
