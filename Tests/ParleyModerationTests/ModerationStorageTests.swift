import Foundation
import Logging
import Testing
import ParleyCore
import ParleyModeration
import ParleyPostgres
import ParleyTestSupport

/// The engine's conditions that read PostgreSQL, against a real database.
@Suite struct ModerationStorageTests {
    func discussion(_ test: TestDatabase, _ yaml: String? = nil) throws -> Discussion {
        let ruleset = try yaml.map { try CompiledRuleset.compile($0) } ?? CompiledRuleset.compile(ExampleRules.source)
        return test.discussion(moderation: RulesEngine(ruleset: ruleset, version: 1))
    }

    @Test func theFifthCommentInTenMinutesIsRejected() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = try discussion(test)
        for index in 1...4 {
            let result = try await discussion.post(PostRequest(articleKey: "a", authorName: "Fast", body: "Point number \(index)"))
            #expect(result.comment.state == .published)
        }
        let fifth = try await discussion.post(PostRequest(articleKey: "a", authorName: "fast", body: "Point number 5"))
        #expect(fifth.comment.state == .rejected)
        #expect(fifth.decision.firedRules.map(\.name) == ["flood"])
        // Someone else is not affected.
        let other = try await discussion.post(PostRequest(articleKey: "a", authorName: "Calm", body: "My only point"))
        #expect(other.comment.state == .published)
    }

    @Test func theSameLongTextOnAnotherArticleIsHeld() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        try await test.article("b")
        let discussion = try discussion(test)
        let text = "Everyone should read the truth about this war on my page, it changes everything"
        let first = try await discussion.post(PostRequest(articleKey: "a", authorName: "Campaigner", body: text))
        #expect(first.comment.state == .published)
        // Case, spacing and look-alike letters do not make it a different text.
        let copy = try await discussion.post(PostRequest(articleKey: "b", authorName: "Other", body: text.uppercased().replacingOccurrences(of: " ", with: "  ").replacingOccurrences(of: "O", with: "О")))
        #expect(copy.comment.state == .pending)
        #expect(copy.decision.firedRules.map(\.name).contains("copy-paste"))
    }

    @Test func trustIsReadFromTheAuthorsRecord() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        // The example's links rule alone: four comments in a row would trip its flood rule.
        let discussion = try discussion(test, """
            version: 1
            rules:
              - {name: links-from-newcomers, when: {author: {trust: new}, body: {links: {gte: 1}}}, action: hold}
            """)
        let link = "Worth reading: https://news.example/analysis"
        let first = try await discussion.post(PostRequest(articleKey: "a", authorName: "Newbie", body: link))
        #expect(first.comment.state == .pending, "a newcomer's link is held")
        for index in 1...3 {
            _ = try await discussion.post(PostRequest(articleKey: "a", authorName: "Newbie", body: "Plain comment \(index)"))
        }
        let later = try await discussion.post(PostRequest(articleKey: "a", authorName: "Newbie", body: link + " again"))
        #expect(later.comment.state == .published, "after three approved comments the author is regular")
    }

    @Test func theDecisionIsRecordedInTheLogWithEveryRule() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = try discussion(test)
        let result = try await discussion.post(PostRequest(articleKey: "a", authorName: "Angry", body: "You idiot, damn it"))
        #expect(result.comment.state == .pending)
        #expect(result.comment.censoredBody == "You idiot, d*** it")
        let connection = try test.connection()
        defer { connection.close() }
        let row = try connection.query("SELECT action, to_state, reason, details::text FROM moderation_events WHERE comment_id = $1", [result.comment.id]).first!
        #expect(try row.decode(0, as: String.self) == "hold")
        #expect(try row.decode(1, as: String.self) == "pending")
        #expect(try row.decode(2, as: String.self) == "Possible personal attack")
        let details = try row.decode(3, as: String.self)
        #expect(details.contains("\"name\": \"insults\"") && details.contains("\"match\": \"idiot\"") && details.contains("\"span\": [4, 9]"))
        #expect(details.contains("\"name\": \"mild-profanity\""))
    }

    @Test func editsAreModeratedAgain() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = try discussion(test)
        let posted = try await discussion.post(PostRequest(articleKey: "a", authorName: "Ann", body: "A fine comment"))
        let edited = try await discussion.edit(id: posted.comment.id, body: "A fine comment, you moron", editor: Actor(.author, "Ann"))
        #expect(edited.comment.state == .pending)
        #expect(edited.decision.firedRules.map(\.name) == ["insults"])
    }

    @Test func appliedRulesetsAreVersionedAndReachRunningEnginesThroughNotify() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let repository = test.database.rulesets
        let engine = try await RulesEngine.load(from: repository)
        #expect(engine.active.version == nil, "nothing applied: the built-in default")
        let listener = NotificationListener(conninfo: test.conninfo, channel: PostgresRulesetRepository.channel, logger: Logger(label: "test")) { _ in
            Task { try? await engine.refresh(from: repository) }
        }
        listener.start()
        defer { listener.stop() }
        try await Task.sleep(for: .milliseconds(300))

        let yaml = "version: 1\nrules:\n  - {name: no-cats, when: {body: {words: [cat]}}, action: reject}\n"
        let stored = try await repository.apply(source: yaml, ruleCount: 1, appliedBy: "tester")
        #expect(stored.version == 1)
        var waited = 0
        while engine.active.version != 1 && waited < 50 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(engine.active.version == 1)
        #expect(engine.active.ruleset.ruleNames == ["no-cats"])
        let second = try await repository.apply(source: yaml, ruleCount: 1, appliedBy: "tester")
        #expect(second.version == 2)
        #expect(try await repository.history(limit: 10).map(\.version) == [2, 1])
        #expect(try await repository.version(1)?.source == yaml)
        let connection = try test.connection()
        defer { connection.close() }
        #expect(try connection.query("SELECT count(*) FROM moderation_events WHERE kind = 'rules'").first?.decode(0, as: Int.self) == 2)
    }

    @Test func backtestReportsCatchesAndChangedDecisions() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let plain = test.discussion()
        _ = try await plain.post(PostRequest(articleKey: "a", authorName: "A", body: "You are a moron"))
        _ = try await plain.post(PostRequest(articleKey: "a", authorName: "B", body: "Reasonable point"))
        _ = try await plain.post(PostRequest(articleKey: "a", authorName: "C", body: "Cats are great"))
        let draft = try CompiledRuleset.rules("""
            rules:
              - {name: insults, when: {body: {words: [moron]}}, action: hold}
              - {name: cats, when: {body: {words: [cat*]}}, action: reject}
              - {name: never, when: {body: {words: [zebra]}}, action: reject}
            """)
        let report = try await Backtest(draft: draft).run(over: test.database.history, since: Date().addingTimeInterval(-3600))
        #expect(report.examined == 3)
        #expect(report.rules.map(\.caught) == [1, 1, 0])
        #expect(report.changes == ["published → pending": 1, "published → rejected": 1])
        #expect(report.changed.map(\.rules) == [["insults"], ["cats"]])
    }
}
