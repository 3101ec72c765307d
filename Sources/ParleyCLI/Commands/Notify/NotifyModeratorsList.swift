import ArgumentParser
import ParleyCore
import ParleyPostgres

struct NotifyModeratorsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the moderator list, with who unsubscribed.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let moderators = try await context.database.mail.moderators()
            if output.json || output.jsonl {
                try JSONOutput.printList(moderators.map {
                    ["email": $0.address, "added_at": ParleyJSON.rfc3339($0.addedAt), "added_by": $0.addedBy,
                     "unsubscribed_at": $0.unsubscribedAt.map(ParleyJSON.rfc3339) ?? ""]
                }, lines: output.jsonl)
                return
            }
            if moderators.isEmpty {
                print("No moderator gets alerts; add one with `parley notify moderators add EMAIL`.")
                return
            }
            print(TextTable(columns: ["EMAIL", "ADDED", "BY", "ALERTS"]).render(moderators.map {
                [$0.address, ParleyJSON.rfc3339($0.addedAt), $0.addedBy,
                 $0.unsubscribedAt.map { "unsubscribed \(ParleyJSON.rfc3339($0))" } ?? "on"]
            }, width: Terminal.standardOutput.width))
        }
    }
}
