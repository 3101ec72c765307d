import ArgumentParser
import ParleyCore
import ParleyPostgres

struct RulesHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List the stored ruleset versions, newest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "At most this many versions.") var limit = 50

    struct Entry: Encodable {
        var version: Int
        var appliedAt: String
        var appliedBy: String
        var ruleCount: Int
        var checksum: String
        var inForce: Bool

        enum CodingKeys: String, CodingKey {
            case version, checksum
            case appliedAt = "applied_at"
            case appliedBy = "applied_by"
            case ruleCount = "rule_count"
            case inForce = "in_force"
        }
    }

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let versions = try await context.database.rulesets.history(limit: max(1, limit))
            let entries = versions.enumerated().map { index, stored in
                Entry(version: stored.version, appliedAt: ParleyJSON.rfc3339(stored.appliedAt), appliedBy: stored.appliedBy,
                      ruleCount: stored.ruleCount, checksum: String(stored.checksum.prefix(12)), inForce: index == 0)
            }
            if output.json || output.jsonl {
                try JSONOutput.printList(entries, lines: output.jsonl)
                return
            }
            if entries.isEmpty {
                print("No ruleset has been applied; parley's built-in default is in force (`parley rules show`).")
                return
            }
            let table = TextTable(columns: ["VERSION", "APPLIED", "BY", "RULES", "CHECKSUM", ""])
            print(table.render(entries.map {
                [String($0.version), $0.appliedAt, $0.appliedBy, String($0.ruleCount), $0.checksum, $0.inForce ? "in force" : ""]
            }, width: Terminal.standardOutput.width))
        }
    }
}
