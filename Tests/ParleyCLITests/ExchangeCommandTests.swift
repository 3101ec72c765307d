import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// `parley export` and `parley import` as a user runs them: files appear whole or not at all,
/// refusals are one sentence, and an import twice adds nothing.
@Suite struct ExchangeCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ParleyExchangeTests/Fixtures")

    func cli() async throws -> (CLIRunner, TestDatabase) {
        let test = try await TestDatabase.make()
        return (try CLIRunner(environment: ["DATABASE_URL": test.conninfo]), test)
    }

    func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func exportWritesTheFileAndReportsTheCount() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        try await test.article("story")
        #expect(try cli.run(["post", "story", "--author", "Olena", "First, \"quoted\" comment"]).status == 0)
        #expect(try cli.run(["post", "story", "--author", "Mark", "--reply-to", "1", "=SUM(A1)"]).status == 0)
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        let target = folder.appendingPathComponent("story.csv").path
        let outcome = try cli.run(["export", "story", "--format", "csv", "-o", target])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "parley: exported 2 comments to \(target)\n")
        let csv = try String(contentsOfFile: target, encoding: .utf8)
        #expect(csv.contains("\"First, \"\"quoted\"\" comment\""))
        #expect(csv.contains("\"'=SUM(A1)\""))
        #expect(try files(in: folder) == ["story.csv"], "no temporary file is left beside it")

        let piped = try cli.run(["export", "story", "--format", "jsonl"])
        #expect(piped.status == 0)
        #expect(piped.stdout.split(separator: "\n").count == 2)
        #expect(piped.stderr.isEmpty, "no progress bar when stderr is not a terminal")
    }

    @Test func refusalsAreOneSentenceAndLeaveNoFile() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        try await test.article("story")
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.json").path

        for arguments in [["export", "missing", "--format", "json", "-o", target],
                          ["export", "story", "--format", "json", "--states", "deleted"],
                          ["export", "story", "--format", "json", "-o", folder.path + "/no/such/dir/out.json"]] {
            let outcome = try cli.run(arguments)
            #expect(outcome.status == 1, "\(arguments)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
        }
        // Usage mistakes exit 2 with the sentence first, then argument-parser's usage line.
        for arguments in [["export", "story", "--format", "docx", "-o", target], ["export", "story", "--all", "--format", "json"]] {
            let outcome = try cli.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr.hasPrefix("parley: ") && outcome.stderr.split(separator: "\n").first?.hasSuffix(".") == true,
                    "\(arguments): \(outcome.stderr)")
        }
        #expect(try files(in: folder).isEmpty)

        let existing = folder.appendingPathComponent("keep.json").path
        try Data("older export".utf8).write(to: URL(fileURLWithPath: existing))
        #expect(try cli.run(["export", "missing", "--format", "json", "-o", existing]).status != 0)
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "older export", "a failed export keeps the older file")
    }

    @Test func anInterruptedExportLeavesNoTemporaryFile() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        try await test.article("story")
        #expect(try cli.run(["post", "story", "--author", "Olena", "First"]).status == 0)
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        // A lock held by another session keeps the export waiting once its temporary file exists.
        let blocker = try test.connection()
        defer { blocker.close() }
        try blocker.executeScript("BEGIN; LOCK TABLE comments IN ACCESS EXCLUSIVE MODE;")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: cli.executable)
        process.arguments = ["export", "--all", "--format", "jsonl", "-o", folder.appendingPathComponent("all.jsonl").path]
        process.environment = cli.environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        var sawTemporaryFile = false
        for _ in 0..<200 where !sawTemporaryFile {
            sawTemporaryFile = try files(in: folder).contains { $0.hasPrefix(".all.jsonl.partial-") }
            if !sawTemporaryFile { try await Task.sleep(for: .milliseconds(25)) }
        }
        #expect(sawTemporaryFile)
        try await Task.sleep(for: .milliseconds(200))
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        try blocker.executeScript("ROLLBACK;")

        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try files(in: folder).isEmpty, "Ctrl-C removes the temporary file")
    }

    @Test func aTerminalShowsProgressWithRateAndTheFileStaysClean() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        try await test.article("story")
        for index in 1...3 { #expect(try cli.run(["post", "story", "--author", "Ann", "Comment \(index)"]).status == 0) }
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("story.jsonl").path

        var environment = cli.environment
        environment["TERM"] = "xterm"
        let terminal = try PseudoTerminal(executable: cli.executable, arguments: ["export", "story", "--format", "jsonl", "-o", target],
                                          environment: environment)
        #expect(terminal.waitFor("exported 3 comments"), "\(terminal.output)")
        #expect(terminal.wait() == 0)
        #expect(terminal.output.contains("exporting"), "\(terminal.output)")
        #expect(terminal.output.contains("100%") && terminal.output.contains("3 of 3"), "\(terminal.output)")
        #expect(terminal.output.contains("/s"), "the rate is shown: \(terminal.output)")
        let lines = try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3 && lines.allSatisfy { $0.hasPrefix("{") }, "the bar goes to the terminal, never into the file")
    }

    @Test func importDryRunThenImportThenAgainAddsNothing() async throws {
        let (cli, test) = try await cli()
        defer { Task { await test.close() } }
        let file = Self.fixtures.appendingPathComponent("disqus.xml").path

        let dryRun = try cli.run(["import", "--format", "disqus", file, "--dry-run", "--json"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        let planned = try JSONSerialization.jsonObject(with: Data(dryRun.stdout.utf8)) as? [String: Any]
        let plannedComments = try #require(planned?["comments_added"] as? Int)
        #expect(plannedComments > 0)
        #expect(try commentCount(test) == 0, "a dry run stores nothing")

        let first = try cli.run(["import", "--format", "disqus", file, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let added = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect(added?["comments_added"] as? Int == plannedComments)
        #expect(try commentCount(test) == plannedComments)

        let second = try cli.run(["import", "--format", "disqus", file, "--json"])
        let again = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
        #expect(again?["comments_added"] as? Int == 0)
        #expect(try commentCount(test) == plannedComments)

        let malformed = try cli.run(["import", "--format", "wordpress", Self.fixtures.appendingPathComponent("wordpress-malformed.xml").path])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("line "), "the position is named: \(malformed.stderr)")
        #expect(malformed.stderr.split(separator: "\n").count == 1)
        #expect(try commentCount(test) == plannedComments, "a refused file stores nothing")
    }

    func commentCount(_ test: TestDatabase) throws -> Int {
        let connection = try test.connection()
        defer { connection.close() }
        return try connection.query("SELECT count(*) FROM comments").first?.decode(0) ?? -1
    }
}
