import Foundation
import ParleyCore

/// Email's storage (sql/0016_email.sql): who is mailed and why, the queue of messages and
/// their outcomes, unsubscriptions, the moderator list and the unsubscribe links' key.
public struct PostgresMailRepository: MailRepository {
    let database: PostgresDatabase

    // MARK: Deciding who is mailed

    public func replyNotificationTargets(replyID: Int64) async throws -> [ReplyTarget] {
        try await database.run { connection in
            try connection.query(Self.replyTargetsSQL, [replyID]).rows.map {
                ReplyTarget(replyID: try $0.decode(0), parentID: try $0.decode(1), address: try $0.decode(2))
            }
        }
    }

    /// The reply ($1) must be visible; its parent's subscriber must not be its author (the same
    /// author record, the address on that record, or the reply's own subscription), and must
    /// not have unsubscribed from replies since subscribing.
    static let replyTargetsSQL = """
        SELECT r.id, p.id, s.address
          FROM comments r
          JOIN comments p ON p.id = r.parent_id
          JOIN reply_subscriptions s ON s.comment_id = p.id
          JOIN authors ra ON ra.id = r.author_id
         WHERE r.id = $1
           AND r.state IN ('published', 'flagged') AND NOT r.deleted AND NOT p.deleted
           AND p.author_id <> r.author_id
           AND lower(s.address) IS DISTINCT FROM lower(ra.email)
           AND NOT EXISTS (SELECT 1 FROM reply_subscriptions o WHERE o.comment_id = r.id AND lower(o.address) = lower(s.address))
           AND NOT EXISTS (SELECT 1 FROM email_unsubscriptions u
                            WHERE lower(u.address) = lower(s.address) AND u.list = 'replies' AND u.created_at > s.created_at)
        """

    public func enqueueReplyNotifications(replyID: Int64, hourlyCap: Int) async throws -> [EnqueuedMail] {
        try await database.transaction { connection in
            let candidates = try connection.query(Self.replyTargetsSQL, [replyID]).rows.map {
                Candidate(kind: .reply, address: try $0.decode(2), reasonKey: "reply:\(replyID)", commentID: replyID)
            }
            return try Self.enqueue(candidates, hourlyCap: hourlyCap, on: connection)
        }
    }

    public func enqueueRecentReplyNotifications(within: Double, hourlyCap: Int) async throws -> [EnqueuedMail] {
        try await database.transaction { connection in
            var candidates: [Candidate] = []
            for row in try connection.query(Self.recentRepliesSQL, [within]).rows {
                let replyID: Int64 = try row.decode(0)
                candidates += try connection.query(Self.replyTargetsSQL, [replyID]).rows.map {
                    Candidate(kind: .reply, address: try $0.decode(2), reasonKey: "reply:\(replyID)", commentID: replyID)
                }
            }
            return try Self.enqueue(candidates, hourlyCap: hourlyCap, on: connection)
        }
    }

    /// Recent visible replies to comments with a subscription and no message yet (the BRIN
    /// index on created_at finds the recent rows).
    static let recentRepliesSQL = """
        SELECT r.id FROM comments r
         WHERE r.created_at > now() - make_interval(secs => $1::float8) AND r.parent_id IS NOT NULL
           AND r.state IN ('published', 'flagged') AND NOT r.deleted
           AND EXISTS (SELECT 1 FROM reply_subscriptions s WHERE s.comment_id = r.parent_id)
           AND NOT EXISTS (SELECT 1 FROM email_messages e WHERE e.reason_key = 'reply:' || r.id)
         ORDER BY r.id
        """

    public func enqueueReportAlerts(within: Double, hourlyCap: Int) async throws -> [EnqueuedMail] {
        try await database.transaction { connection in
            let candidates = try connection.query(Self.reportAlertCandidatesSQL, [within]).rows.map {
                Candidate(kind: .reported, address: try $0.decode(0), reasonKey: try $0.decode(1), commentID: try $0.decode(2))
            }
            return try Self.enqueue(candidates, hourlyCap: hourlyCap, on: connection)
        }
    }

    /// Moderators on the list who did not unsubscribe since they were added.
    static let subscribedModerators = """
        SELECT mr.address FROM moderator_recipients mr
         WHERE NOT EXISTS (SELECT 1 FROM email_unsubscriptions u
                            WHERE lower(u.address) = lower(mr.address) AND u.list = 'moderators' AND u.created_at > mr.added_at)
        """

    /// Each time a comment enters the reported queue (its decided_at) is one reason; those
    /// already queued for an address are left out before the cap counts.
    static let reportAlertCandidatesSQL = """
        SELECT x.address, x.reason_key, x.id FROM (
            SELECT m.address, 'reported:' || c.id || ':' || (extract(epoch FROM c.decided_at) * 1000000)::int8 AS reason_key, c.id, c.decided_at
              FROM comments c CROSS JOIN (\(subscribedModerators)) m
             WHERE c.state = 'reported' AND c.decided_at > now() - make_interval(secs => $1::float8)
        ) x
         WHERE NOT EXISTS (SELECT 1 FROM email_messages e WHERE e.reason_key = x.reason_key AND lower(e.address) = lower(x.address))
         ORDER BY x.decided_at, x.id, x.address
        """

    public func enqueueQueueAlert(threshold: Int, hourlyCap: Int) async throws -> [EnqueuedMail] {
        guard threshold > 0 else { return [] }
        return try await database.transaction { connection in
            let held = try connection.query(Self.heldCountSQL, [threshold * 2]).first?.decode(0, as: Int.self) ?? 0
            guard held >= threshold else { return [] }
            let hour = try connection.query("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24')").first!.decode(0, as: String.self)
            let candidates = try connection.query(Self.subscribedModerators + " ORDER BY lower(mr.address)").rows.map {
                Candidate(kind: .queue, address: try $0.decode(0), reasonKey: "queue:" + hour, commentID: nil,
                          details: "{\"held\": \(held), \"threshold\": \(threshold)}")
            }
            return try Self.enqueue(candidates, hourlyCap: hourlyCap, on: connection)
        }
    }

    /// Counting stops at $1: a long queue costs no more than a short one.
    static let heldCountSQL = """
        SELECT count(*) FROM (SELECT 1 FROM comments WHERE state IN ('pending', 'flagged', 'reported') LIMIT $1) held
        """

    struct Candidate {
        var kind: MailKind
        var address: String
        var reasonKey: String
        var commentID: Int64?
        var details = "{}"
    }

    /// Stores the candidates (inside the caller's transaction). Each address is locked first
    /// (in one order), so two servers deciding for one address count each other's messages.
    static func enqueue(_ candidates: [Candidate], hourlyCap: Int, on connection: PostgresConnection) throws -> [EnqueuedMail] {
        guard !candidates.isEmpty else { return [] }
        for address in Set(candidates.map { $0.address.lowercased() }).sorted() {
            _ = try connection.query("SELECT pg_advisory_xact_lock(hashtextextended('parley-mail:' || $1::text, 0))", [address])
        }
        return try connection.query(enqueueSQL, [
            candidates.map(\.kind.rawValue), candidates.map(\.address), candidates.map(\.reasonKey),
            NullableArray(candidates.map(\.commentID)), candidates.map(\.details), max(0, hourlyCap),
        ]).rows.map { row in
            var reader = row.reader()
            return EnqueuedMail(id: try reader.next(), kind: try Columns.enumValue(reader.next()), address: try reader.next(),
                                reasonKey: try reader.next(), status: try Columns.enumValue(reader.next()), note: try reader.optional())
        }
    }

    /// The cap counts the messages decided for the address in the last hour (skipped ones
    /// aside) and the ones before it in this statement.
    static let enqueueSQL = """
        INSERT INTO email_messages (kind, address, reason_key, comment_id, status, last_error, details)
        SELECT c.kind, c.address, c.reason_key, c.comment_id,
               CASE WHEN recent.n + c.rank - 1 >= $6::int THEN 'skipped' ELSE 'pending' END,
               CASE WHEN recent.n + c.rank - 1 >= $6::int THEN 'hourly_cap' END,
               c.details::jsonb
          FROM (SELECT u.*, row_number() OVER (PARTITION BY lower(u.address) ORDER BY u.n) AS rank
                  FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[])
                       WITH ORDINALITY AS u(kind, address, reason_key, comment_id, details, n)) c
          CROSS JOIN LATERAL (SELECT count(*) AS n FROM email_messages m
                               WHERE lower(m.address) = lower(c.address) AND m.created_at > now() - interval '1 hour'
                                 AND m.status <> 'skipped') recent
         ORDER BY c.n
        ON CONFLICT (reason_key, lower(address)) DO NOTHING
        RETURNING id, kind, address, reason_key, status, last_error
        """

    // MARK: Sending

    public func claimDue(limit: Int, lease: Double) async throws -> [MailJob] {
        try await database.run { connection in
            let claimed = try connection.query(Self.claimSQL, [limit, lease]).rows.map { row in
                var reader = row.reader()
                return Claimed(id: try reader.next(), kind: try Columns.enumValue(reader.next()), address: try reader.next(),
                               attempts: try reader.next(), createdAt: try reader.next(), details: try reader.next())
            }
            guard !claimed.isEmpty else { return [] }
            let ids = claimed.map(\.id)
            let results = try connection.pipeline([
                (Self.replyContentSQL, [ids]), (Self.reportedContentSQL, [ids]), (Self.moderatorStillSubscribedSQL, [ids]),
            ])
            var replies: [Int64: (String?, MailContent)] = [:]
            for row in results[0].rows {
                var reader = row.reader()
                let id: Int64 = try reader.next()
                let reply = MailComment(id: try reader.next(), authorName: try reader.next(), text: try reader.next(), createdAt: try reader.next())
                let replyVisible: Bool = try reader.next()
                let parent = MailComment(id: try reader.next(), authorName: try reader.next(), text: try reader.next(), createdAt: try reader.next())
                let article = MailArticle(key: try reader.next(), title: try reader.next(), url: try reader.optional())
                let subscribed: Bool = try reader.next()
                let content: MailContent = !replyVisible ? .gone(reason: "reply_removed")
                    : !subscribed ? .gone(reason: "unsubscribed") : .reply(article: article, parent: parent, reply: reply)
                replies[id] = (parent.authorName, content)
            }
            var reported: [Int64: MailContent] = [:]
            for row in results[1].rows {
                var reader = row.reader()
                let id: Int64 = try reader.next()
                let comment = MailComment(id: try reader.next(), authorName: try reader.next(), text: try reader.next(), createdAt: try reader.next())
                let stillReported: Bool = try reader.next()
                let article = MailArticle(key: try reader.next(), title: try reader.next(), url: try reader.optional())
                let reasons: [String] = try reader.next()
                reported[id] = stillReported ? .reported(article: article, comment: comment, reports: reasons) : .gone(reason: "handled")
            }
            let subscribedModerators = Set(try results[2].rows.map { try $0.decode(0, as: Int64.self) })
            return claimed.map { job in
                var name: String?
                var content: MailContent
                switch job.kind {
                case .reply:
                    (name, content) = replies[job.id] ?? (nil, .gone(reason: "comment_missing"))
                case .reported:
                    content = reported[job.id] ?? .gone(reason: "comment_missing")
                case .queue:
                    let details = (try? JSONSerialization.jsonObject(with: Data(job.details.utf8))) as? [String: Any]
                    content = .queue(held: details?["held"] as? Int ?? 0, threshold: details?["threshold"] as? Int ?? 0)
                }
                if job.kind != .reply, !subscribedModerators.contains(job.id) { content = .gone(reason: "unsubscribed") }
                return MailJob(id: job.id, kind: job.kind, address: job.address, recipientName: name, attempts: job.attempts,
                               createdAt: job.createdAt, content: content)
            }
        }
    }

    struct Claimed: Sendable {
        var id: Int64
        var kind: MailKind
        var address: String
        var attempts: Int
        var createdAt: Date
        var details: String
    }

    /// Due pending messages, oldest first; a message being sent by another server is skipped.
    static let claimSQL = """
        WITH due AS (
            SELECT id FROM email_messages
             WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at, id
             LIMIT $1
               FOR UPDATE SKIP LOCKED
        )
        UPDATE email_messages m SET attempts = m.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::float8)
          FROM due WHERE m.id = due.id
        RETURNING m.id, m.kind, m.address, m.attempts, m.created_at, m.details::text
        """

    /// A reply notification's reply, parent and article, whether the reply is still visible,
    /// and whether the subscription still stands.
    static let replyContentSQL = """
        SELECT m.id, r.id, r.author_name, COALESCE(r.censored_body, r.body), r.created_at,
               r.state IN ('published', 'flagged') AND NOT r.deleted,
               p.id, p.author_name, COALESCE(p.censored_body, p.body), p.created_at,
               a.key, a.title, a.url,
               s.comment_id IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM email_unsubscriptions u
                    WHERE lower(u.address) = lower(m.address) AND u.list = 'replies' AND u.created_at > s.created_at)
          FROM email_messages m
          JOIN comments r ON r.id = m.comment_id
          JOIN comments p ON p.id = r.parent_id
          JOIN articles a ON a.id = r.article_id
          LEFT JOIN reply_subscriptions s ON s.comment_id = p.id
         WHERE m.id = ANY ($1::int8[]) AND m.kind = 'reply'
        """

    /// A report alert's comment, whether it still waits in the reported queue, its article and
    /// the reasons of its open reports (newest first, at most 10).
    static let reportedContentSQL = """
        SELECT m.id, c.id, c.author_name, COALESCE(c.censored_body, c.body), c.created_at, c.state = 'reported',
               a.key, a.title, a.url,
               ARRAY(SELECT r.reason FROM reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL
                      ORDER BY r.created_at DESC, r.id DESC LIMIT 10)
          FROM email_messages m
          JOIN comments c ON c.id = m.comment_id
          JOIN articles a ON a.id = c.article_id
         WHERE m.id = ANY ($1::int8[]) AND m.kind = 'reported'
        """

    /// Moderator alerts whose address is still on the list and did not unsubscribe since.
    static let moderatorStillSubscribedSQL = """
        SELECT m.id FROM email_messages m
          JOIN moderator_recipients mr ON lower(mr.address) = lower(m.address)
         WHERE m.id = ANY ($1::int8[]) AND m.kind <> 'reply'
           AND NOT EXISTS (SELECT 1 FROM email_unsubscriptions u
                            WHERE lower(u.address) = lower(mr.address) AND u.list = 'moderators' AND u.created_at > mr.added_at)
        """

    public func record(_ outcome: MailOutcome, messageID: Int64) async throws {
        let (sql, parameters): (String, [(any PostgresBindable)?]) = switch outcome {
        case .sent(let header):
            ("UPDATE email_messages SET status = 'sent', sent_at = now(), message_id = $2, last_error = NULL WHERE id = $1",
             [messageID, header])
        case .retry(let error, let at):
            ("UPDATE email_messages SET last_error = $2, next_attempt_at = $3 WHERE id = $1 AND status = 'pending'",
             [messageID, String(error.prefix(2000)), at])
        case .failed(let error):
            ("UPDATE email_messages SET status = 'failed', last_error = $2 WHERE id = $1", [messageID, String(error.prefix(2000))])
        case .skipped(let reason):
            ("UPDATE email_messages SET status = 'skipped', last_error = $2 WHERE id = $1", [messageID, reason])
        }
        _ = try await database.run { connection in try connection.execute(sql, parameters) }
    }

    public func counts() async throws -> [EnqueuedMail.Status: Int] {
        try await database.run { connection in
            var counts: [EnqueuedMail.Status: Int] = [:]
            for row in try connection.query("SELECT status, count(*) FROM email_messages GROUP BY status").rows {
                if let status = EnqueuedMail.Status(rawValue: try row.decode(0)) { counts[status] = try row.decode(1) }
            }
            return counts
        }
    }

    // MARK: Unsubscribing

    public func configure(hourlyCap: Int) async throws {
        _ = try await database.run { connection in
            try connection.execute("UPDATE email_settings SET hourly_cap = $1, updated_at = now() WHERE id = 1", [max(0, hourlyCap)])
        }
    }

    public func unsubscribeSecret() async throws -> [UInt8] {
        var fresh = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in fresh.indices { fresh[index] = generator.next() }
        return try await database.run { [fresh] connection in
            let row = try connection.query("""
                WITH made AS (
                    INSERT INTO email_secrets (id, secret) VALUES (1, decode($1, 'hex')) ON CONFLICT (id) DO NOTHING RETURNING secret
                )
                SELECT secret FROM made UNION ALL SELECT secret FROM email_secrets WHERE id = 1
                """, [Hex.string(fresh)]).first
                // Another server made it meanwhile, after this statement's snapshot: read it now.
                ?? connection.query("SELECT secret FROM email_secrets WHERE id = 1").first
            guard let secret = try row?.decode(0, as: Data.self), secret.count >= 32 else {
                throw PostgresError(kind: .decoding, message: "no unsubscribe secret")
            }
            return Array(secret)
        }
    }

    public func unsubscribeTarget(messageID: Int64) async throws -> UnsubscribeTarget? {
        try await database.run { connection in
            guard let row = try connection.query("""
                SELECT m.id, m.address, m.kind, u.created_at
                  FROM email_messages m LEFT JOIN email_unsubscriptions u ON u.message = m.id
                 WHERE m.id = $1
                """, [messageID]).first else { return nil }
            var reader = row.reader()
            let id: Int64 = try reader.next()
            let address: String = try reader.next()
            let kind: MailKind = try Columns.enumValue(reader.next())
            return UnsubscribeTarget(messageID: id, address: address, list: kind.list, usedAt: try reader.optional())
        }
    }

    public func unsubscribe(messageID: Int64, method: UnsubscribeMethod) async throws -> Bool {
        try await database.run { connection in
            try connection.execute("""
                INSERT INTO email_unsubscriptions (address, list, message, method)
                SELECT m.address, CASE WHEN m.kind = 'reply' THEN 'replies' ELSE 'moderators' END, m.id, $2
                  FROM email_messages m WHERE m.id = $1
                ON CONFLICT (message) DO NOTHING
                """, [messageID, method.rawValue]) == 1
        }
    }

    // MARK: The moderator list

    static let moderatorColumns = """
        mr.address, mr.added_at, mr.added_by,
        (SELECT max(u.created_at) FROM email_unsubscriptions u
          WHERE lower(u.address) = lower(mr.address) AND u.list = 'moderators' AND u.created_at > mr.added_at)
        """

    static func moderator(_ row: Row) throws -> ModeratorRecipient {
        var reader = row.reader()
        return ModeratorRecipient(address: try reader.next(), addedAt: try reader.next(), addedBy: try reader.next(),
                                  unsubscribedAt: try reader.optional())
    }

    public func addModerator(address: String, by: String) async throws -> ModeratorRecipient {
        let address = try TextRules.email(address)
        return try await database.run { connection in
            let row = try connection.query("""
                WITH added AS (
                    INSERT INTO moderator_recipients AS mr (address, added_by) VALUES ($1, $2)
                    ON CONFLICT (lower(address)) DO UPDATE SET address = EXCLUDED.address, added_at = now(), added_by = EXCLUDED.added_by
                    RETURNING mr.*
                )
                SELECT \(Self.moderatorColumns) FROM added mr
                """, [address, by]).first!
            return try Self.moderator(row)
        }
    }

    public func moderators() async throws -> [ModeratorRecipient] {
        try await database.run { connection in
            try connection.query("SELECT \(Self.moderatorColumns) FROM moderator_recipients mr ORDER BY lower(mr.address)").rows
                .map(Self.moderator)
        }
    }

    public func removeModerator(address: String) async throws -> Bool {
        let address = address.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await database.run { connection in
            try connection.execute("DELETE FROM moderator_recipients WHERE lower(address) = lower($1)", [address]) > 0
        }
    }
}
