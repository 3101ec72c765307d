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
            articles `bench-0` ... `bench-9` with a few comments each for the counts route, and `bench-posting` (open, \
            empty) for posting. Rules: the example ruleset.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Comments of the large article.") var comments = 1000
    @Option(help: "The scratch database's name.") var name = "parley_bench"

    func run() async throws {
        let base = CommandContext.make(global, connections: 1)
        await base.database.shutdown()
        let conninfo = try BenchmarkSeeder.recreateScratchDatabase(adminConninfo: base.location.conninfo, name: name)
        try await BenchDatabase.with(conninfo, connections: 2) { database in
            try await database.migrator(migrations: try Migration.embedded()).migrate()
            let seeder = BenchmarkSeeder(database: database)
            let authors = try await seeder.seedAuthors(count: 500)
            _ = try await seeder.seedArticle(key: "bench-1k", count: comments, authors: authors)
            for index in 0..<10 {
                _ = try await seeder.seedArticle(key: "bench-\(index)", count: 5 + index, authors: authors)
            }
            _ = try await database.articles.create(NewArticle(key: "bench-posting", title: "Posting benchmark"))
        }
        print(conninfo)
    }
}
