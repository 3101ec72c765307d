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
}
