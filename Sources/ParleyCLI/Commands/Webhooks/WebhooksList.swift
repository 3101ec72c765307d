import ArgumentParser
import ParleyCore
import ParleyPostgres

struct WebhooksList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the webhook endpoints (never a secret).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    struct Listed: Encodable {
        var id: Int64
        var url: String
        var events: [String]?
        var createdAt: String
        var createdBy: String?
        var disabledAt: String?
        var disabledReason: String?
    }

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let endpoints = try await context.database.outbox.endpoints()
            if output.json || output.jsonl {
                try JSONOutput.printList(endpoints.map {
                    Listed(id: $0.id, url: $0.url, events: $0.events?.map(\.rawValue), createdAt: ParleyJSON.rfc3339($0.createdAt),
                           createdBy: $0.createdBy, disabledAt: $0.disabledAt.map(ParleyJSON.rfc3339), disabledReason: $0.disabledReason)
                }, lines: output.jsonl)
                return
            }
            if endpoints.isEmpty {
                print("No webhook endpoints; add one with `parley webhooks add URL`.")
                return
            }
            print(TextTable(columns: ["ID", "URL", "EVENTS", "STATUS", "ADDED", "BY"]).render(endpoints.map {
                [String($0.id), $0.url, WebhooksCommand.describe($0.events),
                 $0.disabledAt == nil ? "active" : "disabled: \($0.disabledReason ?? "")",
                 ParleyJSON.rfc3339($0.createdAt), $0.createdBy ?? ""]
            }, width: Terminal.standardOutput.width))
        }
    }
}
