import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyPostgres

/// `parley bench threads`: thread reads and posting, against the configured server, in a
/// scratch database that is dropped afterwards.
struct BenchThreads: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threads",
        abstract: "Measure thread reads (1,000 and 100,000 comments) and concurrent posting against pgbench.",
        discussion: """
            Seeds a scratch database (parley_bench) on the configured server with one article of 1,000 \
            comments and one of 100,000 (30% top-level, replies up to depth 10, bodies of 100-600 characters), \
            then reports medians: (a) fetching and decoding the whole 1,000-comment discussion, (b) the first page \
            and page 100 of 50 top-level threads of the large article, (c) posting with 8 concurrent writers against \
            pgbench inserting single comment rows, in alternating rounds.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Comments of the large article.") var large = 100_000
    @Option(help: "Timed repetitions of each read.") var runs = 200
    @Option(help: "Rounds of the posting comparison.") var rounds = 3
    @Option(help: "Seconds per posting round (each side).") var seconds = 10
    @Option(help: "Concurrent writers.") var writers = 8
    @Option(name: .customLong("parent-window"), help: ArgumentHelp(
        "Replies in the large article go to random comments among this many most recent ones (0: any earlier comment).",
        valueName: "n")) var parentWindow = 1000
    @Flag(help: "Keep the scratch database afterwards.") var keep = false

    func run() async throws {
        let base = CommandContext.make(global, connections: 1)
        await base.database.shutdown()
        let scratch = "parley_bench"
        let conninfo = try BenchmarkSeeder.recreateScratchDatabase(adminConninfo: base.location.conninfo, name: scratch)
        try await BenchDatabase.with(conninfo, connections: writers) { database in try await measure(database, conninfo: conninfo) }
        if !keep { try BenchmarkSeeder.dropScratchDatabase(adminConninfo: base.location.conninfo, name: scratch) }
    }

    func measure(_ database: PostgresDatabase, conninfo: String) async throws {
        try await database.migrator(migrations: try Migration.embedded()).migrate()
        let facts = try await database.run { connection in
            try connection.query("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit')").rows.map {
                (try $0.decode(0, as: String.self), try $0.decode(1, as: String.self), try $0.decode(2, as: String.self))
            }.first!
        }
        print("parley bench threads — \(ProcessInfo.processInfo.activeProcessorCount) cores, \(facts.0.split(separator: " ").prefix(2).joined(separator: " ")), fsync=\(facts.1), synchronous_commit=\(facts.2)")
        if facts.1 != "on" || facts.2 == "off" { print("warning: commits are not durable on this server; (c) is not meaningful") }

        let seeder = BenchmarkSeeder(database: database)
        let authors = try await seeder.seedAuthors(count: 500)
        var seedTime = try await Measurements.milliseconds {
            _ = try await seeder.seedArticle(key: "bench-1k", count: 1000, authors: authors)
        }
        print(String(format: "seeded 1,000 comments in %.1f s", seedTime / 1000))
        seedTime = try await Measurements.milliseconds {
            _ = try await seeder.seedArticle(key: "bench-large", count: large, authors: authors,
                                             parentWindow: parentWindow > 0 ? parentWindow : nil)
        }
        print(String(format: "seeded %d comments in %.1f s (replies to random comments among the %@)", large, seedTime / 1000,
                     parentWindow > 0 ? "\(parentWindow) before them" : "all before them"))

        let discussion = Discussion(articles: database.articles, comments: database.comments, moderation: ArticleModePolicy())

        // (a) whole discussion
        var whole = Measurements()
        var shown = 0
        for _ in 0..<(runs + 10) {
            let time = try await Measurements.milliseconds {
                let page = try await discussion.thread(ThreadRequest(articleKey: "bench-1k"))
                shown = page.threads.reduce(0) { $0 + $1.count }
            }
            whole.add(time)
        }
        let a = whole.median
        // The same split in its parts: storage (round trip + decoding rows) and tree assembly.
        var fetch = Measurements(), assemble = Measurements()
        for _ in 0..<runs {
            var rows: ThreadRows?
            fetch.add(try await Measurements.milliseconds {
                rows = try await database.comments.thread(ThreadRequest(articleKey: "bench-1k"))
            })
            assemble.add(await Measurements.milliseconds {
                _ = ThreadAssembler.assemble(rows!.comments, sort: .oldest, audience: .readers)
            })
        }
        print("(a) whole 1,000-comment discussion (\(shown) comments, fetch + decode + tree): median \(BenchFormat.ms(a)), p90 \(BenchFormat.ms(whole.p90)), \(whole.count) runs [fetch + decode \(BenchFormat.ms(fetch.median)), tree \(BenchFormat.ms(assemble.median))] — target ≤ 5 ms: \(BenchFormat.verdict(a <= 5))")

        // (b) first page and page 100
        var cursor: ThreadCursor?
        for _ in 0..<99 {
            cursor = try await discussion.thread(ThreadRequest(articleKey: "bench-large", limit: 50, cursor: cursor)).nextCursor
        }
        var first = Measurements(), hundredth = Measurements()
        var firstCount = 0
        for _ in 0..<(runs + 10) {
            first.add(try await Measurements.milliseconds {
                firstCount = try await discussion.thread(ThreadRequest(articleKey: "bench-large", limit: 50)).threads.reduce(0) { $0 + $1.count }
            })
            hundredth.add(try await Measurements.milliseconds {
                _ = try await discussion.thread(ThreadRequest(articleKey: "bench-large", limit: 50, cursor: cursor))
            })
        }
        let b1 = first.median, b100 = hundredth.median
        print("(b) page of 50 threads of \(large) comments (\(firstCount) comments on page 1): page 1 median \(BenchFormat.ms(b1)), page 100 median \(BenchFormat.ms(b100)) (ratio \(String(format: "%.2f", b100 / b1))) — target ≤ 10 ms, page 100 no slower: \(BenchFormat.verdict(b1 <= 10 && b100 <= 10 && b100 <= b1 * 1.25))")

        // (c) posting against pgbench
        let pgbench = try PgbenchRunner(conninfo: conninfo)
        let postingArticle = try await database.articles.create(NewArticle(key: "bench-posting", title: "Posting benchmark"))
        var parleyRates: [Double] = [], pgbenchRates: [Double] = []
        for round in 1...rounds {
            let parleyRate = try await postingRate(discussion, articleKey: postingArticle.key)
            let pgbenchRate = try pgbench.insertRate(articleID: postingArticle.id, authors: authors, clients: writers, seconds: seconds)
            parleyRates.append(parleyRate)
            pgbenchRates.append(pgbenchRate)
            print("    round \(round): parley \(BenchFormat.rate(parleyRate)), pgbench \(BenchFormat.rate(pgbenchRate)) (\(String(format: "%.0f%%", 100 * parleyRate / pgbenchRate)))")
        }
        let parleyMedian = Measurements.median(parleyRates), pgbenchMedian = Measurements.median(pgbenchRates)
        let ratio = parleyMedian / pgbenchMedian
        print("(c) posting with \(writers) writers, durable commits: parley median \(BenchFormat.rate(parleyMedian)), pgbench median \(BenchFormat.rate(pgbenchMedian)) = \(String(format: "%.0f%%", ratio * 100)) — target ≥ 50%: \(BenchFormat.verdict(ratio >= 0.5))")
    }

    /// Comments per second through the whole posting path (validation, moderation, one
    /// round trip for context, one for the write), `writers` at once.
    func postingRate(_ discussion: Discussion, articleKey: String) async throws -> Double {
        let deadline = ContinuousClock.now + .seconds(seconds)
        let body = SampleTextBody.make()
        let clock = ContinuousClock()
        let start = clock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var posted = 0
                    while ContinuousClock.now < deadline {
                        _ = try await discussion.post(PostRequest(articleKey: articleKey, authorName: "writer-\(writer)", body: body))
                        posted += 1
                    }
                    return posted
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = clock.now - start
        return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

enum SampleTextBody {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return SampleText.comment(length: 350, using: &generator)
    }
}

extension Measurements {
    static func median(_ values: [Double]) -> Double {
        var measurements = Measurements()
        values.forEach { measurements.add($0) }
        return measurements.median
    }
}
