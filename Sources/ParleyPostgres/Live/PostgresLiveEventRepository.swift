import Foundation
import ParleyCore

/// The live event table: events with their comment and the article's count, each read in
/// one query, for the server's one listener to fan out.
public struct PostgresLiveEventRepository: Sendable {
    /// The channel the triggers notify with `<article id>:<event id>`.
    public static let channel = "parley_live"

    let database: PostgresDatabase

    static let select = """
        SELECT e.id, e.article_id, e.kind, e.comment_id,
               (SELECT COALESCE(sum(ac.visible), 0)::int8 FROM article_counts ac WHERE ac.article_id = e.article_id),
               \(Columns.comment)
          FROM live_events e
          LEFT JOIN comments c ON c.id = e.comment_id
        """

    static func decode(_ row: Row) throws -> LiveEvent {
        var reader = row.reader()
        let id: Int64 = try reader.next(), articleID: Int64 = try reader.next()
        let kind: LiveEvent.Kind = try Columns.enumValue(reader.next())
        let commentID: Int64 = try reader.next(), count: Int = try reader.next()
        let comment = try Columns.optional(&reader, width: Columns.commentWidth, Columns.comment)
        return LiveEvent(id: id, articleID: articleID, kind: kind, commentID: commentID, comment: comment, visibleCount: count)
    }

    /// The events with these ids, in id order (ids already pruned are missing).
    public func events(ids: [Int64]) async throws -> [LiveEvent] {
        guard !ids.isEmpty else { return [] }
        return try await database.run { connection in
            try connection.query(Self.select + " WHERE e.id = ANY($1::int8[]) ORDER BY e.id", [ids]).rows.map(Self.decode)
        }
    }

    /// An article's events after `id` (a reader resuming), oldest first. A read standby
    /// answers once it has replayed everything the primary has.
    public func events(articleID: Int64, after id: Int64, limit: Int = 1000) async throws -> [LiveEvent] {
        try await database.readCurrent { connection in
            try connection.query(Self.select + " WHERE e.article_id = $1 AND e.id > $2 ORDER BY e.article_id, e.id LIMIT $3",
                                 [articleID, id, limit]).rows.map(Self.decode)
        }
    }

    /// Events of these articles after `id`, and those of the last `recentSeconds` whatever
    /// their id (a transaction that took its id earlier may have committed later).
    public func events(articleIDs: [Int64], after id: Int64, recentSeconds: Double, limit: Int = 10_000) async throws -> [LiveEvent] {
        guard !articleIDs.isEmpty else { return [] }
        return try await database.run { connection in
            try connection.query(Self.select + """
                 WHERE e.article_id = ANY($1::int8[])
                   AND (e.id > $2 OR e.created_at > now() - $3::float8 * interval '1 second')
                 ORDER BY e.id LIMIT $4
                """, [articleIDs, id, recentSeconds, limit]).rows.map(Self.decode)
        }
    }

    /// The newest event id (0 when there is none).
    public func latestID() async throws -> Int64 {
        try await database.run { connection in
            try connection.query("SELECT COALESCE(max(id), 0)::int8 FROM live_events").first?.decode(0, as: Int64.self) ?? 0
        }
    }

    /// Deletes events older than `seconds`; returns how many.
    @discardableResult
    public func prune(olderThan seconds: Double) async throws -> Int {
        try await database.run { connection in
            try connection.execute("DELETE FROM live_events WHERE created_at < now() - $1::float8 * interval '1 second'", [seconds])
        }
    }
}
