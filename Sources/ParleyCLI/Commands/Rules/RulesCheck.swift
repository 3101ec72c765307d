import ArgumentParser
import ParleyCore
import ParleyModeration

struct RulesCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a ruleset file; every problem is listed as line:column: message.")

    @Argument(help: "The YAML ruleset file (- for standard input).") var file: String

    func run() async throws {
        let (_, ruleset) = try RulesFile.compile(file)
        print("\(file): valid, \(ruleset.enabledRuleCount) of \(ruleset.ruleNames.count) rules enabled\(ruleset.approvesEverything ? " (approves everything)" : "").")
    }
}
