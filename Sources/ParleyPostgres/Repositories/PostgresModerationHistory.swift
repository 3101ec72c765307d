import Foundation
import ParleyCore

public struct PostgresModerationHistory: ModerationHistory {
    let database: PostgresDatabase

    /// Rows flow in single-row mode, so a month of comments never sits in memory at once.
    public func stream(since: Date, windows: FactRequest, _ handle: @escaping @Sendable (HistoricalComment) throws -> Void) async throws -> Int {
        try await database.run { connection in
            var count = 0
            try connection.stream(Self.sql, [since, windows.authorWindows, windows.ipWindows, windows.duplicateWindows]) { row in
                var reader = row.reader()
                let comment = try Columns.comment(&reader)
                let ip: String? = try reader.optional()
                let decidedBy: String? = try reader.optional()
                let article = try Columns.article(&reader)
                let author = try Columns.author(&reader)
                let authorCounts: [Int] = try reader.next()
                let ipCounts: [Int] = try reader.next()
                let duplicateCounts: [Int] = try reader.next()
                let facts = ModerationFacts(
                    authorComments: Dictionary(uniqueKeysWithValues: zip(windows.authorWindows, authorCounts)),
                    ipComments: Dictionary(uniqueKeysWithValues: zip(windows.ipWindows, ipCounts)),
                    duplicates: Dictionary(uniqueKeysWithValues: zip(windows.duplicateWindows, duplicateCounts)))
                try handle(HistoricalComment(comment: comment, article: article, author: author, email: author.email,
                                             ip: ip, facts: facts, decidedBy: decidedBy))
                count += 1
            }
            return count
        }
    }

    /// For each comment, the counts its rate and duplicate conditions would have seen then.
    static let sql = """
        SELECT \(Columns.comment), host(c.ip), c.decided_by, \(Columns.article(counted: false)), \(Columns.author),
               ARRAY(SELECT (SELECT count(*) FROM comments x
                              WHERE x.author_id = c.author_id AND x.created_at < c.created_at
                                AND x.created_at >= c.created_at - w * interval '1 second')
                       FROM unnest($2::int[]) WITH ORDINALITY AS t(w, n) ORDER BY n),
               ARRAY(SELECT (SELECT count(*) FROM comments x
                              WHERE c.ip IS NOT NULL AND x.ip = c.ip AND x.created_at < c.created_at
                                AND x.created_at >= c.created_at - w * interval '1 second')
                       FROM unnest($3::int[]) WITH ORDINALITY AS t(w, n) ORDER BY n),
               ARRAY(SELECT (SELECT count(*) FROM comments x
                              WHERE c.body_fingerprint IS NOT NULL AND x.body_fingerprint = c.body_fingerprint
                                AND x.created_at < c.created_at AND x.created_at >= c.created_at - w * interval '1 second')
                       FROM unnest($4::int[]) WITH ORDINALITY AS t(w, n) ORDER BY n)
          FROM comments c
          JOIN articles a ON a.id = c.article_id
          JOIN authors au ON au.id = c.author_id
         WHERE c.created_at >= $1::timestamptz
         ORDER BY c.created_at, c.id
        """
}
