import ArgumentParser
import Foundation
import ParleyCore
import ParleyModeration
import ParleyPostgres

struct RulesTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Dry-run a ruleset over sample comments; nothing is stored.",
        discussion: """
            Input is one JSON object per line: {"body": "...", "author": {"name": "...", "trust": "new|regular|trusted"}, \
            "article": {"key": "...", "tags": ["..."], "mode": "pre|post"}} (all but body optional; author may also give \
            email, approved_comments, rejected_comments, account_age such as "3d"; "request": {"ip": "..."}; \
            "recent": {"author_comments": N, "ip_comments": N, "duplicates": N} stands in for the database's counts). \
            Output is one JSON line per input line, in order: {"action", "visible_body", "rules": [{"name", "action", \
            "reason", "match"}]}. Without --rules, the ruleset in force is used.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "A ruleset file to test instead of the one in force.") var rules: String?
    @Option(help: "A JSON-lines file of samples (- for standard input).") var input: String?
    @Argument(help: "One comment text to test (instead of --input).") var text: String?

    func run() async throws {
        guard (input == nil) != (text == nil) else {
            throw ParleyError.invalid("Give either --input FILE (JSON lines) or one TEXT to test.", code: "missing_input")
        }
        let ruleset: CompiledRuleset
        let label: String
        if let rules {
            ruleset = try RulesFile.compile(rules).ruleset
            label = "draft"
        } else {
            (ruleset, label) = try await CommandContext.with(global, connections: 1) { context in
                let engine = try await RulesEngine.load(from: context.database.rulesets)
                return (engine.active.ruleset, engine.active.label)
            }
        }
        let lines: [String]
        if let text {
            lines = [String(decoding: try JSONEncoder().encode(["body": text]), as: UTF8.self)]
        } else {
            lines = try RulesFile.read(input!).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        var failures = 0
        var output = ""
        for (index, line) in lines.enumerated() where !(index == lines.count - 1 && line.isEmpty) {
            do {
                let sample = try RuleSample.parse(line, ruleset: ruleset)
                let decision = ruleset.decide(sample.input, decidedBy: label)
                output += try RuleSample.outcomeLine(decision, body: sample.input.body) + "\n"
            } catch {
                failures += 1
                let message = (error as? ParleyError)?.message ?? "\(error)"
                output += String(decoding: try ParleyJSON.encoder().encode(["error": "line \(index + 1): \(message)"]), as: UTF8.self) + "\n"
            }
        }
        Terminal.standardOutput.write(output)
        if failures > 0 {
            throw ParleyError.invalid("\(failures) input line\(failures == 1 ? " was" : "s were") not a valid sample.", code: "invalid_sample")
        }
    }
}
