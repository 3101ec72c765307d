import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

@Suite struct QueueCommandTests {
    func setUp() async throws -> (CLIRunner, TestDatabase) {
        let test = try await TestDatabase.make()
        let cli = try CLIRunner(environment: ["DATABASE_URL": test.conninfo, "PARLEY_MODERATOR": "alice", "COLUMNS": "100"])
        try await test.article("story", mode: .pre)
        for (author, body) in [("Ann", "First held comment"), ("Bob", "Second held comment"), ("Ann", "Third held comment")] {
            #expect(try cli.run(["post", "story", "--author", author, body]).status == 0)
        }
        return (cli, test)
    }

    @Test func queueListsItemsWithReasonsAsTextAndJSON() async throws {
        let (cli, test) = try await setUp()
        defer { Task { await test.close() } }
        var outcome = try cli.run(["queue"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("#1 pending · story"))
        #expect(outcome.stdout.contains("Ann — new · 0 approved · 0 rejected"))
        #expect(outcome.stdout.contains("why: pre-moderation (hold)"))
        #expect(outcome.stdout.contains("3 of 3 shown."))
        #expect(!outcome.stdout.contains("\u{1B}["))
        outcome = try cli.run(["queue", "--author", "ann", "--newest", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let items = document?["items"] as? [[String: Any]]
        #expect(items?.compactMap { ($0["comment"] as? [String: Any])?["id"] as? Int } == [3, 1])
        #expect((items?.first?["rules"] as? [[String: Any]])?.first?["name"] as? String == "pre-moderation")
        #expect(document?["total"] as? Int == 2)
        outcome = try cli.run(["queue", "--limit", "1", "--jsonl"])
        #expect(outcome.stdout.split(separator: "\n").count == 1)
        #expect(try cli.run(["queue", "--state", "nonsense"]).status == 2)
        #expect(try cli.run(["queue", "--older-than", "soon"]).status == 1)
    }

    @Test func decisionsByIdAndByFilterWithConfirmation() async throws {
        let (cli, test) = try await setUp()
        defer { Task { await test.close() } }
        var outcome = try cli.run(["approve", "1"])
        #expect(outcome.stdout.contains("Approved comment 1 (was pending)."))
        outcome = try cli.run(["reject", "1", "--as", "bob"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("published by alice"))
        #expect(outcome.stderr.contains("--force"))
        outcome = try cli.run(["reject", "--article", "story", "--state", "pending"])
        #expect(outcome.status == 1, "a filter needs confirmation, and there is no terminal")
        #expect(outcome.stderr.contains("--yes"))
        outcome = try cli.run(["reject", "--article", "story", "--state", "pending", "--yes", "--reason", "off-topic", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect((document?["applied"] as? [[String: String]])?.count == 2)
        outcome = try cli.run(["restore", "2"])
        #expect(outcome.stdout.contains("Restored comment 2 (was rejected)."))
        outcome = try cli.run(["spam", "3"])
        #expect(outcome.stdout.contains("Marked as spam comment 3"))
        #expect(try cli.run(["approve"]).status == 2, "ids or a filter are needed")
        outcome = try cli.run(["log", "--moderator", "alice", "--kind", "decision", "--jsonl"])
        let entries = outcome.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(entries.count == 5)
        #expect(entries.first?["action"] as? String == "spam")
        #expect(entries.contains { $0["reason"] as? String == "off-topic" })
    }

    @Test func authorsBanUnbanTrustAndShow() async throws {
        let (cli, test) = try await setUp()
        defer { Task { await test.close() } }
        var outcome = try cli.run(["authors", "ban", "Ann", "--for", "7d", "--reason", "Insults", "--purge"])
        #expect(outcome.stdout.contains("Banned Ann until"))
        #expect(outcome.stdout.contains("Rejected 2 pending comments."))
        outcome = try cli.run(["post", "story", "--author", "Ann", "Hello again"])
        #expect(outcome.stdout.contains("rejected — You are banned from commenting until"))
        outcome = try cli.run(["authors", "list", "--banned", "--json"])
        let banned = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]]
        #expect(banned?.map { $0["name"] as? String } == ["Ann"])
        #expect(banned?.first?["ban_reason"] as? String == "Insults")
        #expect(try cli.run(["authors", "unban", "Ann"]).status == 0)
        #expect(try cli.run(["authors", "trust", "Bob"]).stdout.contains("Bob is trusted."))
        outcome = try cli.run(["authors", "show", "Bob"])
        #expect(outcome.stdout.contains("trusted"))
        #expect(outcome.stdout.contains("in the queue: 1"))
        #expect(try cli.run(["authors", "untrust", "Bob"]).stdout.contains("Bob is new now."))
        #expect(try cli.run(["authors", "show", "Nobody"]).status == 1)
        #expect(try cli.run(["authors", "ban", "Ann", "--for", "soon"]).status == 1)
        outcome = try cli.run(["log", "--kind", "ban"])
        #expect(outcome.stdout.contains("Insults"))
    }

    @Test func reviewRefusesWithoutATerminal() async throws {
        let (cli, test) = try await setUp()
        defer { Task { await test.close() } }
        let outcome = try cli.run(["queue", "review"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("needs a terminal"))
    }
}

/// `parley queue review` driven through a real pseudo-terminal.
@Suite struct QueueReviewTests {
    @Test func keysDecideUndoAndQuitRestoringTheTerminal() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story", mode: .pre)
        let discussion = test.discussion()
        for (author, body) in [("Ann", "one"), ("Bob", "two"), ("Cid", "three"), ("Dee", "four")] {
            _ = try await discussion.post(PostRequest(articleKey: "story", authorName: author, body: body))
        }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") && $0.key != "NO_COLOR" }
        environment["DATABASE_URL"] = test.conninfo
        environment["PARLEY_MODERATOR"] = "alice"
        environment["TERM"] = "xterm"
        let terminal = try PseudoTerminal(executable: try CLIRunner.locate(), arguments: ["queue", "review"], environment: environment)
        #expect(terminal.waitFor("[4 left]"), "\(terminal.output)")
        #expect(terminal.waitFor("one"))
        var mark = terminal.mark
        terminal.send("a")                                    // approve #1
        #expect(terminal.waitFor("[3 left]", after: mark), "\(terminal.output)")
        mark = terminal.mark
        terminal.send("r")                                    // reject #2 with a reason
        #expect(terminal.waitFor("Reason", after: mark))
        terminal.send("rude\r")
        #expect(terminal.waitFor("[2 left]", after: mark))
        mark = terminal.mark
        terminal.send("u")                                    // undo the rejection: #2 comes back
        #expect(terminal.waitFor("Undid reject of #2", after: mark), "\(terminal.output)")
        #expect(terminal.waitFor("two", after: mark))
        mark = terminal.mark
        terminal.send("s")                                    // spam #2
        #expect(terminal.waitFor("three", after: mark))
        mark = terminal.mark
        terminal.send("k")                                    // skip #3
        #expect(terminal.waitFor("four", after: mark))
        terminal.send("\u{3}")                                // Ctrl-C
        #expect(terminal.wait() == 0)
        #expect(terminal.isInLineMode, "the terminal is restored")

        let comments = test.database.comments
        #expect(try await comments.find(id: 1)?.state == .published)
        #expect(try await comments.find(id: 2)?.state == .spam)
        #expect(try await comments.find(id: 3)?.state == .pending)
        let log = try await test.database.desk.log(LogFilter(actor: "alice", kind: "decision"), limit: 10)
        #expect(log.map(\.action) == ["spam", "undo", "reject", "approve"])
    }

    @Test func banFromTheReviewPurgesAndQuitWithQ() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story", mode: .pre)
        let discussion = test.discussion()
        for body in ["spam one", "spam two"] {
            _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Spammer", body: body))
        }
        _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Fine", body: "a good one"))
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["DATABASE_URL"] = test.conninfo
        environment["NO_COLOR"] = "1"
        let terminal = try PseudoTerminal(executable: try CLIRunner.locate(), arguments: ["queue", "review", "--as", "bob"], environment: environment)
        #expect(terminal.waitFor("spam one"))
        terminal.send("b")
        #expect(terminal.waitFor("Ban Spammer for"))
        terminal.send("7d\r")
        #expect(terminal.waitFor("Reason"))
        terminal.send("Spam\r")
        #expect(terminal.waitFor("Also reject"))
        let mark = terminal.mark
        terminal.send("y\r")
        #expect(terminal.waitFor("Banned Spammer. Rejected 2 pending.", after: mark), "\(terminal.output)")
        #expect(terminal.waitFor("a good one", after: mark))
        terminal.send("q")
        #expect(terminal.wait() == 0)
        #expect(terminal.isInLineMode)
        #expect(try await test.database.comments.find(id: 1)?.state == .rejected)
        #expect(try await test.database.authors.find(name: "Spammer")?.isBanned() == true)
    }
}
