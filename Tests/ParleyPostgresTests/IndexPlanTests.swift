import Foundation
import Testing
import ParleyCore
@testable import ParleyPostgres
import ParleyTestSupport

/// The indexes on `comments` against the queries that need them: on a seeded table (a large
/// discussion, small ones, a moderation queue), each important statement's plan reads
/// `comments` through a suitable index, never a sequential scan, and the thread reads need
/// no sort. Migration 0014 dropped and merged indexes; these plans are what it must keep.
@Suite(.serialized) struct IndexPlanTests {
    /// One database for the suite: seeding takes a few seconds.
    static let seeded = Task { () throws -> TestDatabase in
        let test = try await TestDatabase.make()
        let seeder = BenchmarkSeeder(database: test.database)
        let authors = try await seeder.seedAuthors(count: 300)
        _ = try await seeder.seedArticle(key: "big", count: 20_000, authors: authors, parentWindow: 500, analyze: false)
        for index in 0..<30 {
            _ = try await seeder.seedArticle(key: "small-\(index)", count: 40, authors: authors, analyze: false)
        }
        try await seeder.seedQueue(count: 3000, articles: 5, authors: authors)
        try await test.database.run { connection in
            // Addresses and fingerprints as posts carry them; some held comments are spam or
            // rejected (the desk's other views).
            try connection.execute("""
                UPDATE comments SET ip = ('10.' || (id % 7) || '.' || (id % 251) || '.' || (id % 13))::inet,
                                    body_fingerprint = md5(body)
                """)
            try connection.execute("""
                UPDATE comments SET state = CASE WHEN id % 3 = 0 THEN 'spam' ELSE 'rejected' END
                 WHERE state = 'pending' AND id % 5 = 0
                """)
            try connection.execute("VACUUM ANALYZE")
        }
        return test
    }

    func explain(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) async throws -> String {
        let test = try await Self.seeded.value
        return try await test.database.run { connection in
            try connection.query("EXPLAIN (COSTS OFF) " + sql, parameters, plan: .eachTime).rows
                .map { try $0.decode(0, as: String.self) }.joined(separator: "\n")
        }
    }

    /// The generic plan of a prepared statement (the one parley's `.generic` statements run),
    /// executed with these parameters written as SQL literals.
    func genericPlan(_ sql: String, literals: [String]) async throws -> String {
        let test = try await Self.seeded.value
        let connection = try test.connection()   // its own session: the plan mode and statement stay there
        defer { connection.close() }
        try connection.executeScript("SET plan_cache_mode = force_generic_plan; PREPARE explained AS \(sql)")
        return try connection.query("EXPLAIN (COSTS OFF) EXECUTE explained(\(literals.joined(separator: ", ")))", plan: .eachTime).rows
            .map { try $0.decode(0, as: String.self) }.joined(separator: "\n")
    }

    /// No sequential scan of comments, and one of `indexes` in the plan.
    func expectIndexed(_ plan: String, using indexes: [String], sorted: Bool = true,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!plan.contains("Seq Scan on comments"), "\(plan)", sourceLocation: sourceLocation)
        #expect(indexes.contains { plan.contains($0) }, "expected one of \(indexes):\n\(plan)", sourceLocation: sourceLocation)
        if !sorted {
            #expect(!plan.contains("Sort"), "the index should give the order:\n\(plan)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: ThreadSort.allCases)
    func aPageOfThreadsReadsItsRootsAndTreesThroughIndexes(sort: ThreadSort) async throws {
        let (sql, parameters) = PostgresCommentRepository.pageStatement(ThreadRequest(articleKey: "big", sort: sort, limit: 50), limit: 50)
        let plan = try await explain(sql, parameters)
        expectIndexed(plan, using: [sort == .top ? "comments_top_score_idx" : "comments_top_oldest_idx"])
        expectIndexed(plan, using: ["comments_root_idx"])
    }

    /// Thread pages run with one generic plan for every article and page size.
    @Test(arguments: ThreadSort.allCases)
    func theGenericPlanOfAPageReadsItsRootsInIndexOrder(sort: ThreadSort) async throws {
        let (sql, _) = PostgresCommentRepository.pageStatement(ThreadRequest(articleKey: "big", sort: sort, limit: 50), limit: 50)
        let plan = try await genericPlan(sql, literals: ["'big'", "NULL", "NULL", "50"])
        expectIndexed(plan, using: [sort == .top ? "comments_top_score_idx" : "comments_top_oldest_idx"])
        expectIndexed(plan, using: ["comments_root_idx"])
        // The roots come in the index's order: the only sort is the page's own (rank, path).
        #expect(plan.components(separatedBy: "Sort Key").count == 2, "\(plan)")
        let cursor = ThreadCursor(sort: sort, key: sort == .top ? 3 : Int64(Date().timeIntervalSince1970 * 1_000_000), id: 1)
        let (later, _) = PostgresCommentRepository.pageStatement(ThreadRequest(articleKey: "big", sort: sort, limit: 50, cursor: cursor), limit: 50)
        let laterPlan = try await genericPlan(later, literals: ["'big'", String(cursor.key), "1", "50"])
        expectIndexed(laterPlan, using: [sort == .top ? "comments_top_score_idx" : "comments_top_oldest_idx"])
        #expect(laterPlan.components(separatedBy: "Sort Key").count == 2, "\(laterPlan)")
    }

    @Test func aLaterPageStartsAtItsCursor() async throws {
        let cursor = ThreadCursor(sort: .oldest, key: Int64(Date().addingTimeInterval(-5_000).timeIntervalSince1970 * 1_000_000), id: 1)
        let (sql, parameters) = PostgresCommentRepository.pageStatement(
            ThreadRequest(articleKey: "big", limit: 50, cursor: cursor), limit: 50)
        let plan = try await explain(sql, parameters)
        expectIndexed(plan, using: ["comments_top_oldest_idx"])
        expectIndexed(plan, using: ["comments_root_idx"])
    }

    /// The whole discussion (no page size) reads the article's rows by index: in
    /// comments_root_idx's order, or by comments_article_id_unique and a sort (the planner's
    /// choice for the moderators' view already before migration 0014, when comments_thread_idx
    /// existed: it does not know the article's size when it plans).
    @Test(arguments: [ThreadAudience.readers, .moderators])
    func theWholeDiscussionReadsTheArticleByIndex(audience: ThreadAudience) async throws {
        for key in ["big", "small-3"] {
            expectIndexed(try await explain(PostgresCommentRepository.wholeSQL(audience), [key]),
                          using: ["comments_root_idx", "comments_article_id_unique"])
        }
    }

    @Test func anExportOfOneArticleComesInIndexOrder() async throws {
        let test = try await Self.seeded.value
        let plan = try await test.database.run { connection in
            let id = try connection.query("SELECT id FROM articles WHERE key = 'small-7'").first!.decode(0, as: Int64.self)
            try connection.execute("SELECT set_config('parley.export_articles', $1, false)", ["{\(id)}"])
            return try connection.query("EXPLAIN (COSTS OFF) "
                + PostgresExchangeRepository.commentQuery(articles: true, selection: .readers), plan: .eachTime).rows
                .map { try $0.decode(0, as: String.self) }.joined(separator: "\n")
        }
        expectIndexed(plan, using: ["comments_root_idx"], sorted: false)
    }

    @Test func postingFactsCountThroughTheirIndexes() async throws {
        let test = try await Self.seeded.value
        let (author, ip, fingerprint) = try await test.database.run { connection in
            let row = try connection.query("""
                SELECT au.name_key, host(c.ip), c.body_fingerprint FROM comments c JOIN authors au ON au.id = c.author_id
                 ORDER BY c.id DESC LIMIT 1
                """).first!
            return (try row.decode(0, as: String.self), try row.decode(1, as: String.self), try row.decode(2, as: String.self))
        }
        let facts = FactRequest(authorWindows: [60, 3600], ipWindows: [60], duplicateWindows: [3600], fingerprint: fingerprint, ip: ip)
        let (sql, parameters) = PostgresCommentRepository.factsStatement(facts, authorKey: author, identity: nil, excluding: nil)
        let plan = try await explain(sql, parameters)
        expectIndexed(plan, using: ["comments_author_idx"])
        expectIndexed(plan, using: ["comments_ip_idx"])
        expectIndexed(plan, using: ["comments_fingerprint_idx"])
    }

    /// Each view reads one of the desk's partial indexes (which one, and whether it sorts a
    /// few thousand rows or walks an index in order, is the planner's call at this size).
    @Test(arguments: QueueFilter.View.allCases)
    func everyDeskViewPagesThroughAnIndex(view: QueueFilter.View) async throws {
        for newestFirst in [false, true] {
            let filter = QueueFilter(view: view, newestFirst: newestFirst)
            let plan = try await explain(queuePageSQL(filter), queuePageParameters(filter))
            let queued: Set<QueueFilter.View> = [.all, .pending, .flagged, .reported]
            expectIndexed(plan, using: queued.contains(view) ? ["comments_queue_order_idx", "comments_desk_state_idx"] : ["comments_desk_state_idx"])
            let count = try await explain(PostgresDeskRepository.cappedCountSQL,
                                       PostgresDeskRepository.filterParameters(filter) + [PostgresDeskRepository.countCap])
            // Counting the queued states, any of the desk's partial indexes will do (an index-only
            // scan of the per-article one is as good as the others).
            expectIndexed(count, using: ["comments_queue_order_idx", "comments_desk_state_idx", "comments_queue_article_idx"])
        }
    }

    @Test func theDeskFiltersByArticleAuthorAndRule() async throws {
        let test = try await Self.seeded.value
        let (article, author) = try await test.database.run { connection in
            let row = try connection.query("""
                SELECT a.key, au.name_key FROM comments c JOIN articles a ON a.id = c.article_id JOIN authors au ON au.id = c.author_id
                 WHERE c.state = 'pending' ORDER BY c.id LIMIT 1
                """).first!
            return (try row.decode(0, as: String.self), try row.decode(1, as: String.self))
        }
        let byArticle = QueueFilter(articleKey: article)
        expectIndexed(try await explain(queuePageSQL(byArticle), queuePageParameters(byArticle)),
                      using: ["comments_queue_article_idx", "comments_queue_order_idx"])
        let byAuthor = QueueFilter(authorName: author)
        expectIndexed(try await explain(queuePageSQL(byAuthor), queuePageParameters(byAuthor)),
                      using: ["comments_author_idx", "comments_queue_order_idx"])
        for view in QueueFilter.View.allCases {
            let byRule = QueueFilter(view: view, rule: "insults")
            expectIndexed(try await explain(PostgresDeskRepository.cappedCountSQL,
                                         PostgresDeskRepository.filterParameters(byRule) + [PostgresDeskRepository.countCap]),
                          using: ["comments_rules_idx", "comments_queue_order_idx", "comments_desk_state_idx"])
        }
    }

    @Test func theReplayReadsRecentCommentsByTime() async throws {
        let windows = FactRequest(authorWindows: [60], ipWindows: [60], duplicateWindows: [3600])
        let plan = try await explain(PostgresModerationHistory.sql, [Date().addingTimeInterval(-120), windows.authorWindows,
                                                                  windows.ipWindows, windows.duplicateWindows])
        expectIndexed(plan, using: ["comments_created_brin", "comments_created_idx"])
    }

    @Test func commentsByIdUseThePrimaryKey() async throws {
        expectIndexed(try await explain("SELECT \(Columns.comment) FROM comments c WHERE c.id = $1", [12]), using: ["comments_pkey"])
        expectIndexed(try await explain(PostgresCommentRepository.postingContextSQL, ["big", 12, "reader-1"]), using: ["comments_pkey"])
    }

    func queuePageSQL(_ filter: QueueFilter) -> String {
        PostgresDeskRepository.pageSQL(filter, cursor: false)
    }

    func queuePageParameters(_ filter: QueueFilter) -> [(any PostgresBindable)?] {
        PostgresDeskRepository.filterParameters(filter) + [nil, nil, 51]
    }
}
