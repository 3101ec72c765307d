import ArgumentParser
import Foundation
import ParleyCore
import ParleyModeration
import ParleyPostgres

struct RulesShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the ruleset in force (or --version N), saying which version it is.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "A stored version instead of the one in force.") var version: Int?
    @Flag(name: .customLong("json"), help: "Print as JSON.") var json = false

    struct Shown: Encodable {
        var version: Int?
        var inForce: Bool
        var builtIn: Bool
        var appliedAt: Date?
        var appliedBy: String?
        var ruleCount: Int?
        var source: String

        enum CodingKeys: String, CodingKey {
            case version, source
            case inForce = "in_force"
            case builtIn = "built_in"
            case appliedAt = "applied_at"
            case appliedBy = "applied_by"
            case ruleCount = "rule_count"
        }
    }

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let current = try await context.database.rulesets.current()
            let shown: Shown
            if let version {
                guard let stored = try await context.database.rulesets.version(version) else {
                    throw ParleyError(.notFound, code: "ruleset_not_found", "There is no ruleset version \(version).")
                }
                shown = Shown(version: stored.version, inForce: stored.version == current?.version, builtIn: false,
                              appliedAt: stored.appliedAt, appliedBy: stored.appliedBy, ruleCount: stored.ruleCount, source: stored.source)
            } else if let current {
                shown = Shown(version: current.version, inForce: true, builtIn: false, appliedAt: current.appliedAt,
                              appliedBy: current.appliedBy, ruleCount: current.ruleCount, source: current.source)
            } else {
                shown = Shown(version: nil, inForce: true, builtIn: true, source: DefaultRuleset.source)
            }
            if json {
                try JSONOutput.print(shown)
                return
            }
            if shown.builtIn {
                print("# No ruleset has been applied: parley's built-in default (below) is in force.")
            } else {
                let when = shown.appliedAt.map { ParleyJSON.rfc3339($0) } ?? "?"
                let status = shown.inForce ? "in force" : "not in force (version \(current?.version ?? 0) is)"
                print("# Ruleset version \(shown.version ?? 0), applied \(when) by \(shown.appliedBy ?? "?"); \(status).")
            }
            print(shown.source, terminator: shown.source.hasSuffix("\n") ? "" : "\n")
        }
    }
}
