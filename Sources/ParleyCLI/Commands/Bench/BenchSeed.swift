import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyPostgres

/// `parley bench seed`: fills a scratch database for the HTTP benchmark, and prints its URL.
struct BenchSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Create the scratch database parley_bench with articles for the HTTP benchmark; prints its connection URL.",
        discussion: """
            Seeds `bench-1k` (1,000 comments: 30% top-level, replies up to depth 10, bodies of 100-600 characters), \
            articles `bench-0` ... `bench-9` with a few comments each for the counts route, `bench-posting` (open, \
            empty) for posting and, with --large N, `bench-large` (N comments, replies among the 1,000 before them). \
            With --pgbench-scripts DIR, also the tables and script files of pgbench's side of the benchmark \
            (bench_comments, a copy of comments with all its indexes, for pgbench's inserts). \
            The last line printed is the connection URL.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Comments of the 1,000-comment article.") var comments = 1000
    @Option(help: "Comments of the large article bench-large (0: none).") var large = 0
    @Option(help: "The scratch database's name.") var name = "parley_bench"
    @Option(name: .customLong("pgbench-scripts"), help: ArgumentHelp(
        "Write pgbench's scripts (thread-rows, thread-query, counts, insert) into this folder.", valueName: "dir"))
    var pgbenchScripts: String?

    func run() async throws {
        let base = CommandContext.make(global, connections: 1)
        await base.database.shutdown()
        let conninfo = try BenchmarkSeeder.recreateScratchDatabase(adminConninfo: base.location.conninfo, name: name)
        try await BenchDatabase.with(conninfo, connections: 2) { database in
            try await database.migrator(migrations: try Migration.embedded()).migrate()
            let seeder = BenchmarkSeeder(database: database)
            let authors = try await seeder.seedAuthors(count: 500)
            let thread = try await seeder.seedArticle(key: "bench-1k", count: comments, authors: authors, analyze: false)
            var countKeys: [String] = []
            for index in 0..<10 {
                countKeys.append("bench-\(index)")
                _ = try await seeder.seedArticle(key: "bench-\(index)", count: 5 + index, authors: authors, analyze: false)
            }
            if large > 0 {
                _ = try await seeder.seedArticle(key: "bench-large", count: large, authors: authors, parentWindow: 1000, analyze: false)
            }
            let posting = try await database.articles.create(NewArticle(key: "bench-posting", title: "Posting benchmark"))
            if let folder = pgbenchScripts {
                try await seeder.preparePgbench()
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for script in BenchmarkSeeder.pgbenchScripts(threadArticle: thread, pageLimit: 500, countKeys: countKeys,
                                                             postingArticleID: posting.id, authors: authors) {
                    try script.file.write(toFile: folder + "/" + script.name + ".sql", atomically: true, encoding: .utf8)
                }
            }
            _ = try await database.run { connection in try connection.execute("VACUUM ANALYZE") }
        }
        print(conninfo)
    }
}
