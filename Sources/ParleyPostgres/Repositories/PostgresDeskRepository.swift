import Foundation
import ParleyCore

public struct PostgresDeskRepository: DeskRepository {
    let database: PostgresDatabase

    /// Columns of a queue item (`comments c`, `articles a`, `authors au`, `comments p`).
    static let itemColumns = """
        \(Columns.comment), c.version, c.moderation::text, c.decided_by, c.decided_at,
        \(Columns.article(counted: false)), \(Columns.author),
        p.id, p.author_name, split_part(p.body, E'\\n', 1),
        ARRAY(SELECT r.reason FROM reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL ORDER BY r.id)
        """

    static let itemJoins = """
        FROM comments c
        JOIN articles a ON a.id = c.article_id
        JOIN authors au ON au.id = c.author_id
        LEFT JOIN comments p ON p.id = c.parent_id
        """

    /// The filter's conditions on `comments c` alone (no join needed, so counting reads one
    /// index); parameters $1...$6 (see `filterParameters`).
    static let filterConditions = """
        c.state = ANY($1::text[])
        AND ($2::text IS NULL OR c.article_id = (SELECT id FROM articles WHERE key = $2::text))
        AND ($3::text IS NULL OR c.author_id = \(Columns.authorID(nameKey: "$3::text")))
        AND ($4::text IS NULL OR c.moderation -> 'rules' @> jsonb_build_array(jsonb_build_object('name', $4::text)))
        AND ($5::int IS NULL OR c.created_at < now() - $5::int * interval '1 second')
        AND ($6::int IS NULL OR c.created_at > now() - $6::int * interval '1 second')
        """

    static func filterParameters(_ filter: QueueFilter) -> [(any PostgresBindable)?] {
        [filter.view.states.map(\.rawValue), filter.articleKey, filter.authorName.map(TextRules.nameKey), filter.rule,
         filter.olderThan, filter.newerThan]
    }

    static func decodeItem(_ row: Row) throws -> QueueItem {
        var reader = row.reader()
        let comment = try Columns.comment(&reader)
        let version: Int = try reader.next()
        let moderation: String = try reader.next()
        let decidedBy: String? = try reader.optional()
        let decidedAt: Date? = try reader.optional()
        let article = try Columns.article(&reader)
        let author = try Columns.author(&reader)
        let parentID: Int64? = try reader.optional()
        let parentAuthor: String? = try reader.optional()
        let parentLine: String? = try reader.optional()
        let reports: [String] = try reader.next()
        return QueueItem(
            comment: comment, version: version, article: article, author: author,
            parent: parentID.map { ParentExcerpt(id: $0, authorName: parentAuthor ?? "", firstLine: parentLine ?? "") },
            firedRules: DecisionRecord.firedRules(fromJSON: moderation), decidedBy: decidedBy, decidedAt: decidedAt,
            openReports: reports)
    }

    public func queue(_ filter: QueueFilter, after cursor: QueueCursor?, limit: Int) async throws -> QueuePage {
        let pageSQL = Self.pageSQL(filter, cursor: cursor != nil)
        let countSQL = Self.cappedCountSQL
        let parameters = Self.filterParameters(filter)
        let pageParameters = parameters + [cursor?.createdAt, cursor?.id, limit + 1]
        let countParameters = parameters + [Self.countCap]
        return try await database.run { connection in
            let results = try connection.pipeline([(pageSQL, pageParameters), (countSQL, countParameters)])
            var items = try results[0].rows.map(Self.decodeItem)
            let more = items.count > limit
            if more { items.removeLast() }
            let counted: Int = try results[1].first?.decode(0) ?? 0
            let next = more ? items.last.map { QueueCursor(createdAt: $0.comment.createdAt, id: $0.comment.id) } : nil
            return QueuePage(items: items, total: min(counted, Self.countCap), totalIsCapped: counted > Self.countCap, nextCursor: next)
        }
    }

    /// A page of the queue: the filter's parameters, then $7/$8 the cursor (created_at, id)
    /// or NULLs, $9 the page size.
    static func pageSQL(_ filter: QueueFilter, cursor: Bool) -> String {
        let order = filter.newestFirst ? "c.created_at DESC, c.id DESC" : "c.created_at, c.id"
        let after = !cursor
            ? "$7::timestamptz IS NULL AND $8::int8 IS NULL"
            : (filter.newestFirst ? "(c.created_at, c.id) < ($7::timestamptz, $8::int8)" : "(c.created_at, c.id) > ($7::timestamptz, $8::int8)")
        return "SELECT \(itemColumns) \(itemJoins) WHERE \(filterConditions) AND \(after) ORDER BY \(order) LIMIT $9::int"
    }

    public func count(_ filter: QueueFilter) async throws -> Int {
        let parameters = Self.filterParameters(filter)
        return try await database.run { connection in
            try connection.query("SELECT count(*) FROM comments c WHERE \(Self.filterConditions)", parameters).first?.decode(0) ?? 0
        }
    }

    /// A page's total stops counting here: the first page of a queue of 100,000 must not
    /// wait for the 100,000th.
    public static let countCap = 10_000

    static let cappedCountSQL = "SELECT count(*) FROM (SELECT 1 FROM comments c WHERE \(filterConditions) LIMIT $7::int + 1) capped"

    public func item(id: Int64) async throws -> QueueItem? {
        try await database.run { connection in
            try connection.query("SELECT \(Self.itemColumns) \(Self.itemJoins) WHERE c.id = $1", [id]).first.map(Self.decodeItem)
        }
    }
}

extension DecisionRecord {
    /// The fired rules kept in a comment's `moderation` JSON.
    static func firedRules(fromJSON json: String) -> [FiredRule] {
        struct Stored: Decodable { var rules: [FiredRule]? }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return (try? decoder.decode(Stored.self, from: Data(json.utf8)).rules) ?? []
    }
}
