import ArgumentParser
import ParleyCore
import ParleyModeration
import ParleyPostgres

struct RulesApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Validate a ruleset and store it as the new version, in force at once (also in running servers).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The YAML ruleset file (- for standard input).") var file: String
    @Flag(name: .customLong("allow-empty"), help: "Apply a ruleset without enabled rules, which approves everything.")
    var allowEmpty = false
    @Option(name: .customLong("as"), help: "Who applies it, for the audit log.") var moderator: String?

    func run() async throws {
        let (source, ruleset) = try RulesFile.compile(file)
        if ruleset.approvesEverything && !allowEmpty {
            throw ParleyError.invalid(
                "\(file) has no enabled rules, so it would approve every comment; apply it with --allow-empty if you mean that.",
                code: "empty_ruleset")
        }
        try await CommandContext.with(global, connections: 1) { context in
            if let current = try await context.database.rulesets.current(), current.source == source {
                print("Ruleset version \(current.version) is already in force with this text; nothing changed.")
                return
            }
            let stored = try await context.database.rulesets.apply(
                source: source, ruleCount: ruleset.enabledRuleCount, appliedBy: context.operatorName(moderator))
            print("Applied ruleset version \(stored.version) (\(stored.ruleCount) rules enabled); it is in force now.")
        }
    }
}
