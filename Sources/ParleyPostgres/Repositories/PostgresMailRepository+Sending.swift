import Foundation
import ParleyCore

/// Claiming due messages with what they say, and recording outcomes.
extension PostgresMailRepository {
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
}
