import Foundation
import ParleyCore

/// Fills a scratch database with realistic discussions for `parley bench`, quickly: rows go
/// in batches through `unnest` of bound arrays (the tree trigger still places each row).
public struct BenchmarkSeeder: Sendable {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    /// Creates (or recreates) a scratch database next to the configured one.
    public static func recreateScratchDatabase(adminConninfo: String, name: String) throws -> String {
        guard name.wholeMatch(of: /[a-z_][a-z0-9_]{0,62}/) != nil else {
            throw ParleyError.invalid("\"\(name)\" is not a plain database name.")
        }
        let admin = try PostgresConnection.connect(adminConninfo)
        defer { admin.close() }
        // CREATE/DROP DATABASE take no parameters; the name was checked to be a plain identifier.
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try admin.execute("CREATE DATABASE \(name)")
        return ConnectionString.withDatabase(adminConninfo, name)
    }

    public static func dropScratchDatabase(adminConninfo: String, name: String) throws {
        guard name.wholeMatch(of: /[a-z_][a-z0-9_]{0,62}/) != nil else { return }
        let admin = try PostgresConnection.connect(adminConninfo)
        defer { admin.close() }
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Authors named `reader-1` ... `reader-N`; returns their ids.
    public func seedAuthors(count: Int) async throws -> [Int64] {
        try await database.run { connection in
            try connection.query("""
                INSERT INTO authors (name, name_key, trust, comment_count, approved_count)
                SELECT 'reader-' || n, 'reader-' || n, 'regular', 10, 10 FROM generate_series(1, $1::int) n
                ON CONFLICT (name_key) WHERE sso_name IS NULL DO UPDATE SET trust = EXCLUDED.trust
                RETURNING id
                """, [count]).rows.map { try $0.decode(0, as: Int64.self) }
        }
    }

    /// One article with `count` comments: `topLevelShare` of them top-level, the rest replies
    /// to random earlier comments no deeper than `maxDepth`, bodies of `bodyLength` characters.
    /// `parentWindow` limits "earlier" to that many most recent comments (nil: all of them).
    public func seedArticle(key: String, count: Int, authors: [Int64], topLevelShare: Double = 0.3, maxDepth: Int = 10,
                            bodyLength: ClosedRange<Int> = 100...600, parentWindow: Int? = nil,
                            analyze: Bool = true) async throws -> Article {
        let article = try await database.articles.create(NewArticle(key: key, title: "Benchmark discussion \(key)", tags: ["bench"]))
        var generator = SystemRandomNumberGenerator()
        let firstID = try await reserveIDs(count)
        var depth: [Int] = []
        var parents: [Int64?] = []
        depth.reserveCapacity(count)
        let start = Date().addingTimeInterval(-Double(count))
        var batch = Batch()
        for index in 0..<count {
            var parentIndex: Int?
            if index > 0 && Double.random(in: 0..<1, using: &generator) >= topLevelShare {
                let lowest = parentWindow.map { max(0, index - $0) } ?? 0
                var candidate = Int.random(in: lowest..<index, using: &generator)
                while depth[candidate] >= maxDepth, let up = parents[candidate] { candidate = Int(up - firstID) }
                parentIndex = candidate
            }
            let level = parentIndex.map { depth[$0] + 1 } ?? 0
            depth.append(level)
            parents.append(parentIndex.map { firstID + Int64($0) })
            batch.ids.append(firstID + Int64(index))
            batch.parents.append(parentIndex.map { String(firstID + Int64($0)) } ?? "NULL")
            batch.authors.append(authors[Int.random(in: 0..<authors.count, using: &generator)])
            batch.bodies.append(SampleText.comment(length: Int.random(in: bodyLength, using: &generator), using: &generator))
            batch.times.append(start.addingTimeInterval(Double(index)))
            batch.scores.append(Int.random(in: -3...40, using: &generator))
            if batch.ids.count == 5000 {
                try await insert(batch, articleID: article.id)
                batch = Batch()
            }
        }
        if !batch.ids.isEmpty { try await insert(batch, articleID: article.id) }
        if analyze { try await database.run { connection in try connection.execute("ANALYZE") } }
        return try await database.articles.find(key: key) ?? article
    }

    /// `count` comments waiting in the queue (state pending, held by a rule with a recorded
    /// match), spread over `articles` articles, all posted within the last day.
    public func seedQueue(count: Int, articles: Int, authors: [Int64]) async throws {
        var articleIDs: [Int64] = []
        for index in 0..<articles {
            articleIDs.append(try await database.articles.create(NewArticle(key: "queue-\(index)", title: "Queue article \(index)")).id)
        }
        var generator = SystemRandomNumberGenerator()
        let moderation = #"{"action": "hold", "decided_by": "ruleset v1", "reason": "Possible personal attack", "rules": [{"action": "hold", "match": "idiot", "name": "insults", "reason": "Possible personal attack", "span": [0, 5]}]}"#
        let start = Date().addingTimeInterval(-86_000)
        var done = 0
        while done < count {
            let size = min(5000, count - done)
            let bodies = (0..<size).map { _ in "idiot " + SampleText.comment(length: Int.random(in: 100...600), using: &generator) }
            let times = (0..<size).map { start.addingTimeInterval(Double(done + $0) * 86_000 / Double(count)) }
            let articleColumn = (0..<size).map { _ in articleIDs.randomElement(using: &generator)! }
            let authorColumn = (0..<size).map { _ in authors.randomElement(using: &generator)! }
            try await database.run { connection in
                try connection.execute("""
                    INSERT INTO comments (article_id, author_id, author_name, body, state, created_at, moderation, decided_by, decided_kind)
                    SELECT article, author, 'reader-' || author, body, 'pending', at, $5::jsonb, 'ruleset v1', 'rules'
                      FROM unnest($1::int8[], $2::int8[], $3::text[], $4::timestamptz[]) AS t(article, author, body, at)
                    """, [articleColumn, authorColumn, bodies, times, moderation])
            }
            done += size
        }
        try await database.run { connection in try connection.execute("ANALYZE") }
    }

    struct Batch {
        var ids: [Int64] = []
        var parents: [String] = []
        var authors: [Int64] = []
        var bodies: [String] = []
        var times: [Date] = []
        var scores: [Int] = []
    }

    private func reserveIDs(_ count: Int) async throws -> Int64 {
        try await database.run { connection in
            let row = try connection.query("""
                SELECT setval(pg_get_serial_sequence('comments', 'id'),
                              nextval(pg_get_serial_sequence('comments', 'id')) + $1::int8 - 1) - $1::int8 + 1
                """, [count]).first!
            return try row.decode(0, as: Int64.self)
        }
    }

    private func insert(_ batch: Batch, articleID: Int64) async throws {
        // NULL parents travel as the array element NULL (unquoted) in the text form.
        let parents = "{" + batch.parents.joined(separator: ",") + "}"
        try await database.transaction { connection in
            // Seeded history makes no live events, as imports make none.
            try connection.execute(PostgresExchangeRepository.quietLiveEvents)
            try connection.execute("""
                INSERT INTO comments (id, article_id, parent_id, author_id, author_name, body, state, created_at, score)
                SELECT id, $1::int8, parent, author, 'reader-' || author, body, 'published', at, score
                  FROM unnest($2::int8[], $3::int8[], $4::int8[], $5::text[], $6::timestamptz[], $7::int[])
                       AS t(id, parent, author, body, at, score)
                """, [articleID, batch.ids, RawArrayLiteral(parents), batch.authors, batch.bodies, batch.times, batch.scores])
        }
    }
}

/// An array literal passed through as written (used for arrays with NULL elements).
struct RawArrayLiteral: PostgresBindable {
    let text: String
    init(_ text: String) { self.text = text }
    var postgresText: String { text }
}
