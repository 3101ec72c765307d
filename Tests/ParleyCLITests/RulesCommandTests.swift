import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

@Suite struct RulesCommandTests {
    func cli() async throws -> (CLIRunner, TestDatabase, URL) {
        let test = try await TestDatabase.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try CLIRunner(environment: ["DATABASE_URL": test.conninfo]), test, folder)
    }

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let example = """
        version: 1
        lists:
          insults: [idiot, moron]
        rules:
          - name: insults
            when:
              body: { words: "@insults" }
            action: hold
            reason: "Possible personal attack"
          - name: profanity
            when:
              body: { words: [damn] }
            action: censor
        """

    @Test func checkListsEveryProblemWithItsPosition() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() } }
        let good = try write(Self.example, "good.yaml", in: folder)
        var outcome = try cli.run(["rules", "check", good])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("valid"))
        let bad = try write("version: 1\nrules:\n  - name: x\n    when: {body: {words: \"@nope\"}}\n    action: shout\n", "bad.yaml", in: folder)
        outcome = try cli.run(["rules", "check", bad])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("4:26: unknown list reference `@nope`"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("5:13: unknown action `shout`"), "\(outcome.stderr)")
        #expect(try cli.run(["rules", "check", folder.appendingPathComponent("missing.yaml").path]).status == 1)
    }

    @Test func applyShowHistoryAndTheEmptyRulesetGuard() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() } }
        var outcome = try cli.run(["rules", "show"])
        #expect(outcome.stdout.hasPrefix("# No ruleset has been applied: parley's built-in default"))
        let file = try write(Self.example, "rules.yaml", in: folder)
        outcome = try cli.run(["rules", "apply", file, "--as", "editor"])
        #expect(outcome.stdout.contains("Applied ruleset version 1 (2 rules enabled)"), "\(outcome.stderr)")
        outcome = try cli.run(["rules", "apply", file])
        #expect(outcome.stdout.contains("already in force"))
        outcome = try cli.run(["rules", "show"])
        #expect(outcome.stdout.contains("# Ruleset version 1, applied"))
        #expect(outcome.stdout.contains("by editor; in force."))
        #expect(outcome.stdout.contains(Self.example))

        let empty = try write("version: 1\nrules: []\n", "empty.yaml", in: folder)
        outcome = try cli.run(["rules", "apply", empty])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("--allow-empty"))
        #expect(try cli.run(["rules", "apply", empty, "--allow-empty"]).status == 0)
        outcome = try cli.run(["rules", "history", "--jsonl"])
        let versions = outcome.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(versions.map { $0["version"] as? Int } == [2, 1])
        #expect(versions.first?["in_force"] as? Bool == true)
        outcome = try cli.run(["rules", "show", "--version", "1", "--json"])
        let shown = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(shown?["in_force"] as? Bool == false)
        #expect(shown?["applied_by"] as? String == "editor")
        #expect(try cli.run(["rules", "show", "--version", "9"]).status == 1)
    }

    @Test func postPrintsTheStateAndTheReason() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() } }
        try await test.article("story")
        _ = try cli.run(["rules", "apply", try write(Self.example, "rules.yaml", in: folder)])
        var outcome = try cli.run(["post", "story", "--author", "A", "What a moron"])
        #expect(outcome.stdout.contains("pending — Possible personal attack"), "\(outcome.stdout)\(outcome.stderr)")
        outcome = try cli.run(["post", "story", "--author", "B", "Well damn"])
        #expect(outcome.stdout.contains("published (some words masked)"))
        outcome = try cli.run(["thread", "story"])
        #expect(outcome.stdout.contains("Well d***"))
        #expect(!outcome.stdout.contains("moron"))
    }

    @Test func testPrintsOneLinePerInputInOrder() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() } }
        let rules = try write(ExampleRulesFile.text, "rules.yaml", in: folder)
        let input = [
            #"{"body": "You are an іdіot"}"#,
            #"{"body": "Well d4mn, that hurt"}"#,
            #"{"body": "Links: https://a.example/1", "author": {"name": "N", "trust": "new"}}"#,
            #"not json"#,
            #"{"body": "Calm words", "article": {"key": "k", "tags": ["sensitive"], "mode": "post"}, "author": {"trust": "new"}}"#,
            #"{"body": "Hello again", "recent": {"author_comments": 4}}"#,
            #"{"body": "I will kill you"}"#,
        ].joined(separator: "\n") + "\n"
        let outcome = try cli.run(["rules", "test", "--rules", rules, "--input", "-"], stdin: Data(input.utf8))
        #expect(outcome.status == 1, "one line was invalid")
        let lines = outcome.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 7)
        #expect(lines[0]?["action"] as? String == "hold")
        #expect(lines[0]?["visible_body"] is NSNull)
        #expect((lines[0]?["rules"] as? [[String: Any]])?.first?["match"] as? String == "іdіot")
        #expect(lines[1]?["action"] as? String == "censor")
        #expect(lines[1]?["visible_body"] as? String == "Well d***, that hurt")
        #expect(lines[2]?["action"] as? String == "hold")
        #expect(lines[3]?["error"] != nil)
        #expect(lines[4]?["action"] as? String == "hold")
        #expect(lines[5]?["action"] as? String == "reject")
        #expect(lines[6]?["action"] as? String == "reject")
        #expect((lines[6]?["rules"] as? [[String: Any]])?.first?["reason"] as? String == "Threats of violence are not allowed")

        let single = try cli.run(["rules", "test", "--rules", rules, "Nothing to see"])
        #expect(single.stdout == #"{"action":"approve","rules":[],"visible_body":"Nothing to see"}"# + "\n")
    }

    @Test func backtestShowsWhatADraftWouldChange() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() } }
        try await test.article("story")
        for (author, body) in [("A", "Cats rule"), ("B", "Dogs rule"), ("C", "cat videos")] {
            #expect(try cli.run(["post", "story", "--author", author, body]).status == 0)
        }
        let draft = try write("version: 1\nrules:\n  - {name: no-cats, when: {body: {words: [cat*]}}, action: hold}\n", "draft.yaml", in: folder)
        var outcome = try cli.run(["rules", "backtest", draft, "--since", "1h"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Backtest over 3 comments"))
        #expect(outcome.stdout.contains("2 decisions would change"))
        #expect(outcome.stdout.contains("published → pending"))
        outcome = try cli.run(["rules", "backtest", draft, "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(report?["examined"] as? Int == 3)
        #expect(try cli.run(["rules", "backtest", draft, "--since", "soon"]).status == 1)
    }
}

enum ExampleRulesFile {
    static var text: String {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { folder.deleteLastPathComponent() }
        return (try? String(contentsOf: folder.appendingPathComponent("scripts/demo/rules.yaml"), encoding: .utf8)) ?? ""
    }
}

extension RulesCommandTests {
    @Test func aRejectedEditFailsWithTheReasonAndLeavesTheCommentAsItWas() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() } }
        try await test.article("story")
        let rules = try write("""
            version: 1
            rules:
              - {name: threats, when: {body: {words: ["kill you"]}}, action: reject, reason: Threats of violence are not allowed}
              - {name: insults, when: {body: {words: [idiot]}}, action: hold, reason: Possible personal attack}
            """, "rules.yaml", in: folder)
        #expect(try cli.run(["rules", "apply", rules]).status == 0)
        let posted = try cli.run(["post", "story", "--author", "Ann", "A calm remark"])
        let id = try #require(posted.stdout.firstMatch(of: /Comment (\d+)/).map { String($0.1) })

        let refused = try cli.run(["edit", id, "I will kill you"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("The edit was rejected, so comment \(id) stays as it was: Threats of violence are not allowed."))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stdout.isEmpty)
        let shown = try cli.run(["thread", "story", "--all-states"])
        #expect(shown.stdout.contains("A calm remark") && !shown.stdout.contains("kill you"))

        let held = try cli.run(["edit", id, "you idiot"])
        #expect(held.status == 0)
        #expect(held.stdout.contains("Comment \(id): pending — Possible personal attack"))
    }
}
