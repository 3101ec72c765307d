import Foundation
import ParleyCore

extension PostgresExchangeRepository {
    public func streamArchive(articleIDs: [Int64]?, _ handle: @escaping @Sendable (ArchiveRecord) throws -> Void) async throws {
        let some = articleIDs != nil
        let inArticles = "= ANY (current_setting('parley.export_articles')::bigint[])"
        let authorFilter = some ? "WHERE au.id IN (SELECT c.author_id FROM comments c WHERE c.article_id \(inArticles))" : ""
        @Sendable func filter(_ column: String) -> String { some ? "WHERE \(column) \(inArticles)" : "" }
        try await database.run { connection in
            try Self.snapshot(connection) {
                if let articleIDs {
                    try connection.execute("SELECT set_config('parley.export_articles', $1, true)", [articleIDs])
                }
                try connection.copyOut("SELECT \(ArchiveColumns.ruleset) FROM rulesets r ORDER BY r.version") { row in
                    var reader = row.reader()
                    try handle(.ruleset(try ArchiveColumns.ruleset(&reader)))
                }
                try connection.copyOut("SELECT \(ArchiveColumns.article) FROM articles a \(filter("a.id")) ORDER BY a.id") { row in
                    var reader = row.reader()
                    try handle(.article(try ArchiveColumns.article(&reader)))
                }
                try connection.copyOut("SELECT \(ArchiveColumns.author) FROM authors au \(authorFilter) ORDER BY au.id") { row in
                    var reader = row.reader()
                    try handle(.author(try ArchiveColumns.author(&reader)))
                }
                try connection.copyOut("SELECT \(ArchiveColumns.comment) FROM comments c \(filter("c.article_id")) ORDER BY c.id") { row in
                    var reader = row.reader()
                    try handle(.comment(try ArchiveColumns.comment(&reader)))
                }
                try connection.copyOut("SELECT \(ArchiveColumns.edit) FROM comment_edits e \(filter("e.article_id")) ORDER BY e.id") { row in
                    var reader = row.reader()
                    try handle(.edit(try ArchiveColumns.edit(&reader)))
                }
                try connection.copyOut("""
                    SELECT \(ArchiveColumns.vote) FROM votes v \(filter("v.article_id")) ORDER BY v.comment_id, v.voter_key
                    """) { row in
                    var reader = row.reader()
                    try handle(.vote(try ArchiveColumns.vote(&reader)))
                }
                try connection.copyOut("SELECT \(ArchiveColumns.report) FROM reports r \(filter("r.article_id")) ORDER BY r.id") { row in
                    var reader = row.reader()
                    try handle(.report(try ArchiveColumns.report(&reader)))
                }
                try connection.copyOut("SELECT \(ArchiveColumns.event) FROM moderation_events m \(filter("m.article_id")) ORDER BY m.id") { row in
                    var reader = row.reader()
                    try handle(.event(try ArchiveColumns.event(&reader)))
                }
            }
        }
    }

    /// Runs `body` in a read-only transaction that sees one snapshot of every table.
    static func snapshot(_ connection: PostgresConnection, _ body: () throws -> Void) throws {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
