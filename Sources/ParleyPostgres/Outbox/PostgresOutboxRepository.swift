import Foundation
import ParleyCore

/// The outbox, webhook endpoints and deliveries (sql/0015_outbox.sql).
///
/// Only the first pending delivery of an (endpoint, article) is ready (has a next attempt
/// time); the rest wait behind it. Fan-out (which adds deliveries) and recording (which
/// finishes the first and readies the next) take one transaction-level advisory lock, so a
/// delivery added while the one before it finishes is never left waiting with nobody to ready it.
public struct PostgresOutboxRepository: OutboxRepository {
    let database: PostgresDatabase

    /// NOTIFY channel the outbox trigger announces new events on.
    public static let channel = "parley_outbox"
    /// The advisory lock key of fan-out and recording (a constant of parley's).
    static let lockKey: Int64 = 7072617214

    // MARK: The dispatcher's side

    public func fanOut(limit: Int) async throws -> Int {
        try await database.transaction { connection in
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [Self.lockKey])
            return try connection.query(Self.fanOutSQL, [limit]).first?.decode(0, as: Int.self) ?? 0
        }
    }

    /// $1 how many events. The first delivery of an (endpoint, article) in this batch is ready
    /// at once unless one of that stream is already pending.
    static let fanOutSQL = """
        WITH waiting AS (
            SELECT id, type, article_id FROM outbox_events WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1
        ), marked AS (
            UPDATE outbox_events o SET fanned_out_at = now() FROM waiting w WHERE o.id = w.id
        ), pairs AS (
            SELECT w.id AS event_id, e.id AS endpoint_id, COALESCE(w.article_id, 0) AS stream,
                   row_number() OVER (PARTITION BY e.id, COALESCE(w.article_id, 0) ORDER BY w.id) AS place
              FROM waiting w
              JOIN webhook_endpoints e ON e.disabled_at IS NULL AND (e.events IS NULL OR w.type = ANY (e.events))
        ), made AS (
            INSERT INTO webhook_deliveries (endpoint_id, event_id, stream, next_attempt_at)
            SELECT p.endpoint_id, p.event_id, p.stream,
                   CASE WHEN p.place = 1 AND NOT EXISTS (
                            SELECT 1 FROM webhook_deliveries d
                             WHERE d.endpoint_id = p.endpoint_id AND d.stream = p.stream AND d.status = 'pending')
                        THEN now() END
              FROM pairs p
             ORDER BY p.event_id, p.endpoint_id
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM waiting)::int8, (SELECT count(*) FROM made)::int8
        """

    public func claim(limit: Int, runLength: Int, lease: Duration, token: String) async throws -> [ClaimedRun] {
        try await database.transaction { connection in
            let heads = try connection.query(Self.claimSQL, [limit, lease.inSeconds, token]).rows
            guard !heads.isEmpty else { return [] }
            var runs: [ClaimedRun] = []
            var headIDs: [Int64] = []
            for row in heads {
                var reader = row.reader()
                let endpoint: Int64 = try reader.next()
                let url: String = try reader.next()
                let secret: String = try reader.next()
                let delivery = try Self.claimed(&reader)
                runs.append(ClaimedRun(endpointID: endpoint, url: url, secret: secret, deliveries: [delivery]))
                headIDs.append(delivery.id)
            }
            if runLength > 1 {
                let followers = try connection.query(Self.followersSQL, [headIDs, runLength - 1, token]).rows
                let place = Dictionary(uniqueKeysWithValues: headIDs.enumerated().map { ($1, $0) })
                for row in followers {
                    var reader = row.reader()
                    let head: Int64 = try reader.next()
                    if let index = place[head] { runs[index].deliveries.append(try Self.claimed(&reader)) }
                }
            }
            return runs
        }
    }

    static let deliveryColumns = "d.id, d.event_id, ev.type, ev.payload::text, ev.created_at, d.created_at, d.attempts"

    static func claimed(_ reader: inout RowReader) throws -> ClaimedDelivery {
        ClaimedDelivery(id: try reader.next(), eventID: try reader.next(), type: try reader.next(), data: try reader.next(),
                        occurredAt: try reader.next(), createdAt: try reader.next(), attempts: try reader.next())
    }

    /// $1 how many, $2 lease in seconds, $3 claim token. The lease is the next attempt time.
    static let claimSQL = """
        WITH due AS (
            SELECT d.id FROM webhook_deliveries d
             WHERE d.status = 'pending' AND d.next_attempt_at <= now()
             ORDER BY d.next_attempt_at, d.id
             LIMIT $1
             FOR UPDATE SKIP LOCKED
        ), claimed AS (
            UPDATE webhook_deliveries d SET next_attempt_at = now() + $2::float8 * interval '1 second', claim = $3
              FROM due WHERE d.id = due.id
            RETURNING d.*
        )
        SELECT e.id, e.url, e.secret, \(deliveryColumns)
          FROM claimed d
          JOIN webhook_endpoints e ON e.id = d.endpoint_id
          JOIN outbox_events ev ON ev.id = d.event_id
         ORDER BY d.id
        """

    /// $1 the claimed heads, $2 how many behind each, $3 claim token. Nobody else takes a
    /// delivery that waits behind a head, so holding the head holds the run.
    static let followersSQL = """
        WITH head AS (
            SELECT d.id, d.endpoint_id, d.stream FROM webhook_deliveries d WHERE d.id = ANY ($1::int8[])
        ), behind AS (
            SELECT h.id AS head_id, f.id
              FROM head h
             CROSS JOIN LATERAL (
                   SELECT x.id FROM webhook_deliveries x
                    WHERE x.endpoint_id = h.endpoint_id AND x.stream = h.stream AND x.status = 'pending'
                      AND x.id > h.id AND x.next_attempt_at IS NULL
                    ORDER BY x.id LIMIT $2
               ) f
        ), claimed AS (
            UPDATE webhook_deliveries d SET claim = $3 FROM behind b WHERE d.id = b.id
            RETURNING d.*, b.head_id
        )
        SELECT d.head_id, \(deliveryColumns)
          FROM claimed d JOIN outbox_events ev ON ev.id = d.event_id
         ORDER BY d.head_id, d.id
        """

    public func record(_ results: [DeliveryResult], token: String) async throws -> [DisabledEndpoint] {
        guard !results.isEmpty else { return [] }
        let ids = results.map(\.deliveryID)
        let outcomes = results.map(\.outcome.rawValue)
        let statuses = NullableArray(results.map(\.httpStatus))
        let errors = NullableArray(results.map { $0.error.map { String($0.prefix(500)) } })
        let delays = results.map(\.retryAfter.inSeconds)
        return try await database.transaction { connection in
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [Self.lockKey])
            let touched = try connection.query(Self.recordSQL, [ids, outcomes, statuses, errors, delays, token]).rows
            var endpoints: [Int64] = [], streams: [Int64] = [], gone: [Int64] = []
            for row in touched {
                var reader = row.reader()
                let endpoint: Int64 = try reader.next()
                endpoints.append(endpoint)
                streams.append(try reader.next())
                if try reader.next(Bool.self) { gone.append(endpoint) }
            }
            var disabled: [DisabledEndpoint] = []
            if !gone.isEmpty {
                disabled = try connection.query(Self.disableSQL, [gone]).rows.map {
                    DisabledEndpoint(id: try $0.decode(0), url: try $0.decode(1))
                }
            }
            // A fresh statement (a fresh snapshot, after the lock): sees every delivery fan-out added.
            if !endpoints.isEmpty { try connection.execute(Self.readyNextSQL, [endpoints, streams]) }
            return disabled
        }
    }

    /// $1 ids, $2 outcomes, $3 HTTP statuses, $4 errors, $5 seconds until the next attempt,
    /// $6 claim token. Returns each (endpoint, article) touched and whether it answered 410.
    static let recordSQL = """
        WITH result AS (
            SELECT * FROM unnest($1::int8[], $2::text[], $3::int[], $4::text[], $5::float8[])
                AS r(id, outcome, http_status, error, delay)
        ), updated AS (
            UPDATE webhook_deliveries d SET
                   attempts = d.attempts + 1,
                   status = CASE r.outcome WHEN 'delivered' THEN 'delivered' WHEN 'retry' THEN 'pending' ELSE 'failed' END,
                   next_attempt_at = CASE WHEN r.outcome = 'retry' THEN now() + r.delay * interval '1 second' END,
                   delivered_at = CASE WHEN r.outcome = 'delivered' THEN now() END,
                   failed_at = CASE WHEN r.outcome IN ('failed', 'gone') THEN now() END,
                   last_attempt_at = now(), last_status = r.http_status, last_error = r.error, claim = NULL
              FROM result r
             WHERE d.id = r.id AND d.claim = $6 AND d.status = 'pending'
            RETURNING d.endpoint_id, d.stream, r.outcome = 'gone' AS gone
        )
        SELECT endpoint_id, stream, bool_or(gone) FROM updated GROUP BY endpoint_id, stream
        """

    /// $1 endpoints that answered 410: disabled, and what they had pending fails.
    static let disableSQL = """
        WITH disabled AS (
            UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = 'answered 410 Gone'
             WHERE id = ANY ($1::int8[]) AND disabled_at IS NULL
            RETURNING id, url
        ), dropped AS (
            UPDATE webhook_deliveries d SET status = 'failed', failed_at = now(), next_attempt_at = NULL, claim = NULL,
                   last_error = COALESCE(d.last_error, 'endpoint disabled (410 Gone)')
              FROM disabled WHERE d.endpoint_id = disabled.id AND d.status = 'pending'
        )
        SELECT id, url FROM disabled ORDER BY id
        """

    /// $1 endpoints, $2 streams: the first pending delivery of each becomes ready if it waits.
    static let readyNextSQL = """
        UPDATE webhook_deliveries d SET next_attempt_at = now()
          FROM unnest($1::int8[], $2::int8[]) AS s(endpoint_id, stream)
         CROSS JOIN LATERAL (
               SELECT x.id, x.next_attempt_at FROM webhook_deliveries x
                WHERE x.endpoint_id = s.endpoint_id AND x.stream = s.stream AND x.status = 'pending'
                ORDER BY x.id LIMIT 1
           ) first
         WHERE d.id = first.id AND first.next_attempt_at IS NULL
        """

    public func statistics() async throws -> OutboxStatistics {
        try await database.run { connection in
            let row = try connection.query("""
                SELECT (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')::int8,
                       (SELECT count(*) FROM outbox_events WHERE fanned_out_at IS NULL
                           AND EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL))::int8,
                       (SELECT count(*) FROM webhook_deliveries WHERE status = 'failed')::int8,
                       COALESCE(extract(epoch FROM now() - LEAST(
                           (SELECT ev.created_at FROM outbox_events ev
                             WHERE ev.id = (SELECT min(event_id) FROM webhook_deliveries WHERE status = 'pending')),
                           (SELECT ev.created_at FROM outbox_events ev WHERE ev.fanned_out_at IS NULL
                               AND EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL)
                             ORDER BY ev.id LIMIT 1))), 0)::float8
                """).first!
            var reader = row.reader()
            return OutboxStatistics(pendingDeliveries: try reader.next(), waitingEvents: try reader.next(),
                                    failedDeliveries: try reader.next(), oldestUndeliveredAge: max(0, try reader.next()))
        }
    }

    // MARK: The operator's side

    static let endpointColumns = "id, url, array_to_string(events, ','), created_at, created_by, disabled_at, disabled_reason"

    static func endpoint(_ row: Row) throws -> WebhookEndpoint {
        var reader = row.reader()
        let id: Int64 = try reader.next()
        let url: String = try reader.next()
        let events: String? = try reader.optional()
        return WebhookEndpoint(id: id, url: url,
                               events: events.map { $0.split(separator: ",").compactMap { OutboxEventType(rawValue: String($0)) } },
                               createdAt: try reader.next(), createdBy: try reader.optional(), disabledAt: try reader.optional(),
                               disabledReason: try reader.optional())
    }

    public func addEndpoint(url: String, events: [OutboxEventType]?, secret: WebhookSecret, createdBy: String) async throws -> WebhookEndpoint {
        let url = try WebhookEndpoint.checkedURL(url)
        var types: [String]? = nil
        if let events {
            guard !events.isEmpty else { throw ParleyError.invalid("Name at least one event type, or none for every type.") }
            types = OutboxEventType.allCases.filter(events.contains).map(\.rawValue)
        }
        let eventList = types?.joined(separator: ",")
        return try await database.run { connection in
            let row = try connection.query("""
                WITH added AS (
                    INSERT INTO webhook_endpoints (url, events, secret, created_by)
                    VALUES ($1, string_to_array($2, ','), $3, $4)
                    RETURNING \(Self.endpointColumns)
                ), logged AS (
                    INSERT INTO moderation_events (kind, actor_type, actor, action, details)
                    SELECT 'webhook', 'moderator', $4, 'add', jsonb_build_object('endpoint_id', id, 'url', url, 'events', $2::text)
                      FROM added
                )
                SELECT * FROM added
                """, [url, eventList, secret.text, createdBy]).first!
            return try Self.endpoint(row)
        }
    }

    public func endpoints() async throws -> [WebhookEndpoint] {
        try await database.run { connection in
            try connection.query("SELECT \(Self.endpointColumns) FROM webhook_endpoints ORDER BY id").rows.map(Self.endpoint)
        }
    }

    public func endpoint(id: Int64) async throws -> WebhookEndpoint? {
        try await database.run { connection in
            try connection.query("SELECT \(Self.endpointColumns) FROM webhook_endpoints WHERE id = $1", [id]).first.map(Self.endpoint)
        }
    }

    public func secret(endpoint id: Int64) async throws -> WebhookSecret? {
        let text = try await database.run { connection in
            try connection.query("SELECT secret FROM webhook_endpoints WHERE id = $1", [id]).first?.decode(0, as: String.self)
        }
        return try text.map(WebhookSecret.init(parsing:))
    }

    public func removeEndpoint(id: Int64, by actor: String) async throws -> Bool {
        try await database.transaction { connection in
            try connection.query("""
                WITH removed AS (
                    DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id, url
                ), logged AS (
                    INSERT INTO moderation_events (kind, actor_type, actor, action, details)
                    SELECT 'webhook', 'moderator', $2, 'remove',
                           jsonb_build_object('endpoint_id', id, 'url', url) FROM removed
                )
                SELECT count(*) FROM removed
                """, [id, actor]).first?.decode(0, as: Int.self) ?? 0 > 0
        }
    }

    static let listColumns = """
        d.id, d.endpoint_id, e.url, d.event_id, ev.type, a.key, d.status, d.attempts, d.created_at, d.next_attempt_at,
        d.last_attempt_at, d.last_status, d.last_error, d.delivered_at
        """

    static func delivery(_ row: Row) throws -> WebhookDelivery {
        var reader = row.reader()
        return WebhookDelivery(id: try reader.next(), endpointID: try reader.next(), url: try reader.next(), eventID: try reader.next(),
                               type: try reader.next(), articleKey: try reader.optional(), status: try Columns.enumValue(reader.next()),
                               attempts: try reader.next(), createdAt: try reader.next(), nextAttemptAt: try reader.optional(),
                               lastAttemptAt: try reader.optional(), lastStatus: try reader.optional(), lastError: try reader.optional(),
                               deliveredAt: try reader.optional())
    }

    public func deliveries(failedOnly: Bool, endpoint: Int64?, limit: Int) async throws -> [WebhookDelivery] {
        try await database.run { connection in
            try connection.query("""
                SELECT \(Self.listColumns)
                  FROM webhook_deliveries d
                  JOIN webhook_endpoints e ON e.id = d.endpoint_id
                  JOIN outbox_events ev ON ev.id = d.event_id
                  LEFT JOIN articles a ON a.id = ev.article_id
                 WHERE (NOT $1::bool OR d.status = 'failed') AND ($2::int8 IS NULL OR d.endpoint_id = $2::int8)
                 ORDER BY d.id DESC
                 LIMIT $3
                """, [failedOnly, endpoint, limit]).rows.map(Self.delivery)
        }
    }

    public func redeliver(id: Int64) async throws -> WebhookDelivery {
        try await database.transaction { connection in
            guard let row = try connection.query("""
                SELECT d.status, e.disabled_at IS NOT NULL, e.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                 WHERE d.id = $1 FOR UPDATE OF d
                """, [id]).first else {
                throw ParleyError(.notFound, code: "delivery_not_found", "There is no webhook delivery \(id).")
            }
            let status: String = try row.decode(0)
            if try row.decode(1, as: Bool.self) {
                let endpoint: Int64 = try row.decode(2)
                throw ParleyError(.conflict, code: "endpoint_disabled",
                                  "The endpoint \(endpoint) of delivery \(id) is disabled; remove it and add it again to send to it.")
            }
            if status == WebhookDeliveryStatus.pending.rawValue {
                throw ParleyError(.conflict, code: "delivery_pending", "The webhook delivery \(id) is still pending; it will be sent without asking.")
            }
            try connection.execute("""
                UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), claim = NULL,
                       delivered_at = NULL, failed_at = NULL, created_at = now()
                 WHERE id = $1
                """, [id])
            try connection.execute("SELECT pg_notify($1, '')", [Self.channel])
            return try Self.delivery(connection.query("""
                SELECT \(Self.listColumns)
                  FROM webhook_deliveries d
                  JOIN webhook_endpoints e ON e.id = d.endpoint_id
                  JOIN outbox_events ev ON ev.id = d.event_id
                  LEFT JOIN articles a ON a.id = ev.article_id
                 WHERE d.id = $1
                """, [id]).first!)
        }
    }
}
