import Foundation
import Testing
import ParleyCore
@testable import ParleyModeration

@Suite struct RulesetLoadingTests {
    @Test func theContractExampleLoadsUnchanged() throws {
        let ruleset = try CompiledRuleset.compile(ExampleRules.source)
        #expect(ruleset.ruleNames == ["threats", "insults", "mild-profanity", "spam-links", "links-from-newcomers", "link-heavy",
                                      "shouting", "flood", "copy-paste", "sensitive-newcomers", "crypto-scam", "noise"])
    }

    @Test func theBuiltInDefaultIsTheContractExample() throws {
        #expect(DefaultRuleset.source == ExampleRules.repositoryCopy)
        if let shared = ExampleRules.sharedFile {
            #expect(DefaultRuleset.source == shared)
        }
    }

    @Test func everyProblemIsReportedWithItsPosition() {
        let yaml = """
            version: 1
            lists:
              bad: [ok]
            rules:
              - name: first
                when:
                  body: { words: "@missing", color: blue }
                action: explode
              - name: first
                when:
                  body: { regex: ['(a)\\1'] }
                  author: { trust: emperor }
                action: hold
              - name: Bad_Name
                action: reject
                when: { article: { mode: sometimes } }
                extra: 1
              - name: fourth
                when: { body: { caps-ratio: { gt: 2 } }, request: { ip: [not-an-ip] } }
                action: flag
            """
        do {
            _ = try CompiledRuleset.compile(yaml)
            Issue.record("an invalid ruleset compiled")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains { $0.hasPrefix("7:22: unknown list reference `@missing`") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("7:34: unknown key `color`") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("8:13: unknown action `explode`") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("9:11: duplicate rule name `first`") }, "\(lines)")
            #expect(lines.contains { $0.contains("bad regex") && $0.hasPrefix("11:23:") }, "\(lines)")
            #expect(lines.contains { $0.contains("unknown trust level `emperor`") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("14:11: rule names use only") }, "\(lines)")
            #expect(lines.contains { $0.contains("`mode` is pre or post") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("17:5: unknown key `extra`") }, "\(lines)")
            #expect(lines.contains { $0.contains("`caps-ratio` takes a number from 0 to 1") }, "\(lines)")
            #expect(lines.contains { $0.contains("`not-an-ip` is not an IP address") }, "\(lines)")
            #expect(error.problems.count >= 11)
        }
    }

    @Test func wrongTypesAndMissingKeysAreReported() {
        let cases: [(String, String)] = [
            ("rules: []", "missing required key `version`"),
            ("version: 2\nrules: []", "unsupported version 2"),
            ("version: 1", "missing required key `rules`"),
            ("version: 1\nrules: {a: b}", "`rules` must be a list"),
            ("version: 1\nrules:\n  - name: x\n    action: hold", "missing required key `when`"),
            ("version: 1\nrules:\n  - name: x\n    when: {body: {links: many}}\n    action: hold", "`links` takes a number"),
            ("version: 1\nrules:\n  - name: x\n    when: {author: {comments-in: {count: 3}}}\n    action: hold", "needs a `window`"),
            ("version: 1\nrules:\n  - name: x\n    when: {author: {account-age: {lt: 3 days}}}\n    action: hold", "takes durations"),
            ("version: 1\nnormalize: {leet: maybe}\nrules: []", "`leet` must be true or false"),
            ("version: 1\nnormalize: {rot13: true}\nrules: []", "unknown normalization step `rot13`"),
            ("version: 1\nrules: [\n", "YAML syntax"),
            ("version: 1\nversion: 1\nrules: []", "duplicate key"),
        ]
        for (yaml, expected) in cases {
            do {
                _ = try CompiledRuleset.compile(yaml)
                Issue.record("compiled: \(yaml)")
            } catch {
                #expect(error.problems.contains { $0.message.contains(expected) }, "\(yaml): \(error.problems)")
            }
        }
    }

    @Test func backreferencesAndLookaroundAreRefusedBecauseTheyCannotBeBounded() {
        for pattern in [#"(\w+)\s+\1"#, #"foo(?=bar)"#, #"(?<!x)y"#] {
            #expect(throws: RegexError.self) { try CompiledRegex(pattern) }
        }
        #expect(throws: InvalidRuleset.self) {
            try CompiledRuleset.rules("rules:\n  - name: x\n    when: {body: {regex: ['(a+)\\1']}}\n    action: hold")
        }
    }

    /// Patterns that make backtracking engines run for hours finish at once: RE2 is linear.
    @Test func catastrophicPatternsStayWithinTheBound() throws {
        let ruleset = try CompiledRuleset.rules("""
            rules:
              - name: evil
                when: {body: {regex: ['(a+)+$', '(a|aa)+b', '(x+x+)+y', '^(([a-z])+.)+[A-Z]([a-z])+$']}}
                action: hold
            """)
        let body = String(repeating: "a", count: 10_000) + "!"
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = ruleset.decide(Sample(body)) }
        // The bound is generous on purpose (a shared, noisy machine); a backtracking engine
        // would need longer than the age of the universe on this input.
        #expect(elapsed < .seconds(1))
    }

    @Test func disabledRulesAreValidatedButDoNotRun() throws {
        let ruleset = try CompiledRuleset.rules("""
            rules:
              - name: off
                enabled: false
                when: {body: {words: [hello]}}
                action: reject
            """)
        #expect(ruleset.decide(Sample("hello there")).action == .approve)
        #expect(ruleset.approvesEverything)
    }
}
