import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// The `parley` binary against a real database: output, exit codes, and that refusals store nothing.
@Suite struct CLITests {
    func cli() async throws -> (CLIRunner, TestDatabase) {
        let test = try await TestDatabase.make()
        return (try CLIRunner(environment: ["DATABASE_URL": test.conninfo, "COLUMNS": "100"]), test)
    }

    func commentCount(_ test: TestDatabase) throws -> Int {
        let connection = try test.connection()
        defer { connection.close() }
        return try connection.query("SELECT count(*) FROM comments").first?.decode(0) ?? -1
    }

    @Test func articlesLifecycle() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        var outcome = try cli.run(["articles", "add", "story-1", "--title", "A story", "--tag", "War", "--tag", "sensitive", "--mode", "pre",
                                   "--url", "https://news.example/story-1", "--published-at", "2026-11-19T06:40:00Z"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        outcome = try cli.run(["articles", "add", "story-1", "--title", "Again"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("already exists"))
        outcome = try cli.run(["articles", "show", "story-1", "--json"])
        let shown = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(shown?["mode"] as? String == "pre")
        #expect(shown?["tags"] as? [String] == ["war", "sensitive"])
        #expect(shown?["published_at"] as? String == "2026-11-19T06:40:00Z")
        #expect(try cli.run(["articles", "close", "story-1"]).status == 0)
        #expect(try cli.run(["articles", "set", "story-1", "--mode", "post", "--clear-tags"]).status == 0)
        outcome = try cli.run(["articles", "list", "--jsonl"])
        let line = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(line?["status"] as? String == "closed")
        #expect(line?["mode"] as? String == "post")
        #expect(line?["tags"] as? [String] == [])
        outcome = try cli.run(["articles", "list"])
        #expect(outcome.stdout.contains("story-1") && outcome.stdout.contains("closed"))
        #expect(try cli.run(["articles", "open", "story-1"]).status == 0)
        #expect(try cli.run(["articles", "show", "missing"]).status == 1)
        #expect(try cli.run(["articles", "set", "story-1"]).status == 1)
        #expect(try cli.run(["articles", "add", "bad key", "--title", "x"]).status == 1)
        #expect(try cli.run(["articles", "add", "k", "--title", "x", "--mode", "sometimes"]).status == 2)
    }

    @Test func postThreadEditDeleteReportVote() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        try await test.article("story")
        var outcome = try cli.run(["post", "story", "--author", "Olena", "First comment"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Comment 1: published"))
        outcome = try cli.run(["post", "story", "--author", "Mark", "--reply-to", "1", "-"], stdin: Data("A reply\nfrom stdin\n".utf8))
        #expect(outcome.stdout.contains("Comment 2: published"))

        outcome = try cli.run(["thread", "story"])
        #expect(outcome.stdout.contains("#1 Olena"))
        #expect(outcome.stdout.contains("  └ #2 Mark"))
        #expect(outcome.stdout.contains("from stdin"))
        #expect(!outcome.stdout.contains("\u{1B}["), "no colour when piped")

        outcome = try cli.run(["thread", "story", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let comments = document?["comments"] as? [[String: Any]]
        #expect(comments?.count == 1)
        let replies = comments?.first?["replies"] as? [[String: Any]]
        #expect(replies?.first?["body"] as? String == "A reply\nfrom stdin")
        #expect((document?["article"] as? [String: Any])?["comment_count"] as? Int == 2)

        #expect(try cli.run(["edit", "2", "An edited reply"]).status == 0)
        #expect(try cli.run(["vote", "2", "up", "--voter", "Olena"]).stdout.contains("score of 1"))
        #expect(try cli.run(["vote", "2", "up", "--voter", "Mark"]).status == 1, "no votes on one's own comment")
        #expect(try cli.run(["report", "2", "--reason", "rude", "--reporter", "Ann"]).status == 0)
        #expect(try cli.run(["delete", "1"]).status == 0)
        outcome = try cli.run(["thread", "story"])
        #expect(outcome.stdout.contains("[deleted]"))
        #expect(!outcome.stdout.contains("First comment"))
        #expect(outcome.stdout.contains("An edited reply"))
        outcome = try cli.run(["thread", "story", "--all-states"])
        #expect(outcome.stdout.contains("First comment"))
        #expect(outcome.stdout.contains("[published, deleted]"))
    }

    @Test func refusalsExitNonZeroWithOneSentenceAndStoreNothing() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        try await test.article("open")
        try await test.article("other")
        #expect(try cli.run(["post", "other", "--author", "A", "elsewhere"]).status == 0)
        #expect(try cli.run(["articles", "close", "other"]).status == 0)
        let before = try commentCount(test)

        let cases: [([String], Data?, String)] = [
            (["post", "other", "--author", "A", "hi"], nil, "closed"),
            (["post", "open", "--author", "A", "--reply-to", "999", "hi"], nil, "does not exist"),
            (["post", "open", "--author", "A", "--reply-to", "1", "hi"], nil, "another article"),
            (["post", "open", "--author", "A", "   "], nil, "empty"),
            (["post", "open", "--author", "A", String(repeating: "x", count: 10_001)], nil, "limit is 10000"),
            (["post", "open", "--author", "A", "-"], Data([0x48, 0x69, 0xff, 0xfe]), "not valid UTF-8"),
            (["post", "missing", "--author", "A", "hi"], nil, "no article"),
            (["post", "open", "--author", "A"], nil, "standard input"),
        ]
        for (arguments, stdin, expected) in cases {
            let outcome = try cli.run(arguments, stdin: stdin)
            #expect(outcome.status == 1, "\(arguments.prefix(4)): \(outcome.stderr)")
            #expect(outcome.stderr.contains(expected), "\(arguments.prefix(4)): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "one line: \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
        }
        #expect(try commentCount(test) == before)
    }

    @Test func usageErrorsExitTwoAndAnUnreachableDatabaseExitsThree() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        #expect(try cli.run(["post"]).status == 2)
        #expect(try cli.run(["no-such-command"]).status == 2)
        #expect(try cli.run(["vote", "1", "sideways", "--voter", "x"]).status == 2)
        let unreachable = try cli.run(["articles", "list", "--database", "postgresql://nobody@127.0.0.1:1/none"])
        #expect(unreachable.status == 3)
        #expect(unreachable.stderr.contains("Cannot reach"))
        let envUnreachable = try cli.run(["articles", "list"], extraEnvironment: ["DATABASE_URL": "host=127.0.0.1 port=1 dbname=x"])
        #expect(envUnreachable.status == 3)
        // No configuration at all: the local cluster of an empty home, which is not running.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("parley-empty-\(UUID().uuidString)").path
        let local = try CLIRunner(environment: ["PARLEY_HOME": home]).run(["articles", "list"])
        #expect(local.status == 3)
        #expect(local.stderr.contains("parley db start"))
        #expect(try cli.run(["--help"]).status == 0)
    }

    @Test func aCopiedBinaryMigratesAnEmptyDatabaseOnItsOwn() async throws {
        let test = try await TestDatabase.make(migrated: false)
        defer { Task { await test.close() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-installed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let installed = folder.appendingPathComponent("parley").path
        try FileManager.default.copyItem(atPath: try CLIRunner.locate(), toPath: installed)
        let cli = try CLIRunner(environment: ["DATABASE_URL": test.conninfo], executable: installed)
        #expect(cli.executable == installed)
        var outcome = try cli.run(["migrate", "--dry-run"], workingDirectory: folder.path)
        #expect(outcome.stdout.contains("Would apply 0001_create_articles.sql"))
        outcome = try cli.run(["migrate"], workingDirectory: folder.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Applied 0007"))
        outcome = try cli.run(["migrate"], workingDirectory: folder.path)
        #expect(outcome.stdout.contains("up to date"))
    }

    @Test func theDemoLoadsOnceWithAFewDozenComments() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        var outcome = try cli.run(["demo"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let count = try commentCount(test)
        #expect((30...60).contains(count))
        outcome = try cli.run(["demo"])
        #expect(outcome.stdout.contains("already loaded"))
        #expect(try commentCount(test) == count)
        outcome = try cli.run(["thread", "ukraine-atacms-1000-days", "--sort", "top", "--limit", "1"])
        #expect(outcome.stdout.contains("1,000th day"))
        #expect(outcome.stdout.contains("More: --cursor"))
    }
}
