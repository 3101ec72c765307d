import Foundation
import ParleyCore

/// Export and import: whole rows streamed out with binary COPY and taken back in through
/// staging tables filled with COPY, so neither direction holds a discussion in memory.
public struct PostgresExchangeRepository: ExchangeRepository {
    let database: PostgresDatabase

    public func articles(keys: [String]?) async throws -> [ArticleRecord] {
        let filter = keys == nil ? "" : "WHERE a.key = ANY (current_setting('parley.export_keys')::text[])"
        return try await database.run { connection in
            var records: [ArticleRecord] = []
            try Self.snapshot(connection) {
                if let keys { try connection.execute("SELECT set_config('parley.export_keys', $1, true)", [keys]) }
                try connection.copyOut("SELECT \(ArchiveColumns.article) FROM articles a \(filter) ORDER BY a.id") { row in
                    var reader = row.reader()
                    records.append(try ArchiveColumns.article(&reader))
                }
            }
            if let keys, let missing = keys.first(where: { key in !records.contains { $0.key == key } }) {
                throw ParleyError.articleNotFound(missing)
            }
            return records
        }
    }

    public func countComments(articleIDs: [Int64]?, selection: ExportSelection) async throws -> Int {
        let query = "SELECT count(*) FROM (\(Self.commentQuery(articles: articleIDs != nil, selection: selection))) q"
        return try await database.transaction { connection in
            try Self.configure(connection, articleIDs: articleIDs, selection: selection)
            return try connection.query(query).first?.decode(0, as: Int.self) ?? 0
        }
    }

    public func streamComments(articleIDs: [Int64]?, selection: ExportSelection,
                               _ handle: @escaping @Sendable (CommentRecord, Bool) throws -> Void) async throws {
        let query = Self.commentQuery(articles: articleIDs != nil, selection: selection)
        try await database.run { connection in
            try Self.snapshot(connection) {
            try Self.configure(connection, articleIDs: articleIDs, selection: selection)
            try connection.copyOut(query) { row in
                var reader = row.reader()
                let record = try ArchiveColumns.comment(&reader)
                let tombstone: Bool = try reader.next(PostgresType.bool)
                try handle(record, tombstone)
            }
            }
        }
    }

    /// COPY takes no parameters, so the article ids and states travel as transaction-local
    /// settings (bound values of `set_config`) that the query reads back.
    static func configure(_ connection: PostgresConnection, articleIDs: [Int64]?, selection: ExportSelection) throws {
        if let articleIDs {
            try connection.execute("SELECT set_config('parley.export_articles', $1, true)", [articleIDs])
        }
        if case .states(let states) = selection {
            try connection.execute("SELECT set_config('parley.export_states', $1, true)", [states.map(\.rawValue).sorted()])
        }
    }

    /// The comments of an export in thread order, with a last column saying whether the row
    /// is a tombstone in the readers' view. The same text serves the benchmark's psql run.
    public static func commentQuery(articles: Bool, selection: ExportSelection) -> String {
        var conditions: [String] = []
        if articles { conditions.append("c.article_id = ANY (current_setting('parley.export_articles')::bigint[])") }
        let tombstone: String
        switch selection {
        case .readers:
            tombstone = "NOT (c.state IN ('published', 'flagged') AND NOT c.deleted)"
            conditions.append("""
                ((c.state IN ('published', 'flagged') AND NOT c.deleted)
                 OR EXISTS (SELECT 1 FROM comments d
                             WHERE d.article_id = c.article_id AND d.root_id = c.root_id AND d.depth > c.depth
                               AND d.path[c.depth + 1] = c.id
                               AND d.state IN ('published', 'flagged') AND NOT d.deleted))
                """)
        case .states:
            tombstone = "false"
            conditions.append("c.state = ANY (current_setting('parley.export_states')::text[])")
        }
        return """
            SELECT \(ArchiveColumns.comment), \(tombstone)
              FROM comments c
             WHERE \(conditions.joined(separator: " AND "))
             ORDER BY \(PostgresCommentRepository.threadOrder)
            """
    }
}

extension PostgresDatabase {
    public var exchange: PostgresExchangeRepository { PostgresExchangeRepository(database: self) }
}
