import ArgumentParser
import ParleyCore
import ParleyPostgres

struct WebhooksDeliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "List webhook deliveries, newest first: each event for each endpoint, its status and last answer.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Only deliveries that failed for good (send one again with `parley webhooks redeliver ID`).") var failed = false
    @Option(help: "Only the deliveries of this endpoint.") var endpoint: String?
    @Option(help: "At most this many (default 50).") var limit: Int = 50

    struct Listed: Encodable {
        var id: Int64
        var endpointId: Int64
        var url: String
        var eventId: Int64
        var webhookId: String
        var type: String
        var article: String?
        var status: String
        var attempts: Int
        var createdAt: String
        var nextAttemptAt: String?
        var lastAttemptAt: String?
        var lastStatus: Int?
        var lastError: String?
        var deliveredAt: String?
    }

    func run() async throws {
        guard (1...10_000).contains(limit) else { throw ParleyError.invalid("--limit is 1 to 10000.") }
        let endpoint = try endpoint.map { try WebhooksCommand.id($0, what: "an endpoint") }
        try await CommandContext.with(global, connections: 1) { context in
            let deliveries = try await context.database.outbox.deliveries(failedOnly: failed, endpoint: endpoint, limit: limit)
            if output.json || output.jsonl {
                try JSONOutput.printList(deliveries.map {
                    Listed(id: $0.id, endpointId: $0.endpointID, url: $0.url, eventId: $0.eventID,
                           webhookId: WebhookMessage.id(event: $0.eventID), type: $0.type, article: $0.articleKey,
                           status: $0.status.rawValue, attempts: $0.attempts, createdAt: ParleyJSON.rfc3339($0.createdAt),
                           nextAttemptAt: $0.status == .pending ? $0.nextAttemptAt.map(ParleyJSON.rfc3339) : nil,
                           lastAttemptAt: $0.lastAttemptAt.map(ParleyJSON.rfc3339), lastStatus: $0.lastStatus, lastError: $0.lastError,
                           deliveredAt: $0.deliveredAt.map(ParleyJSON.rfc3339))
                }, lines: output.jsonl)
                return
            }
            if deliveries.isEmpty {
                print(failed ? "No failed webhook deliveries." : "No webhook deliveries.")
                return
            }
            print(TextTable(columns: ["ID", "ENDPOINT", "EVENT", "TYPE", "ARTICLE", "STATUS", "ATTEMPTS", "LAST ANSWER", "WHEN"]).render(
                deliveries.map {
                    [String($0.id), String($0.endpointID), WebhookMessage.id(event: $0.eventID), $0.type, $0.articleKey ?? "-",
                     $0.status.rawValue, String($0.attempts), Self.answer($0), Self.when($0)]
                }, width: Terminal.standardOutput.width))
        }
    }

    static func answer(_ delivery: WebhookDelivery) -> String {
        if let status = delivery.lastStatus, delivery.lastError == nil { return String(status) }
        return delivery.lastError ?? "-"
    }

    static func when(_ delivery: WebhookDelivery) -> String {
        switch delivery.status {
        case .delivered: return delivery.deliveredAt.map { "delivered " + ParleyJSON.rfc3339($0) } ?? "delivered"
        case .failed: return delivery.lastAttemptAt.map { "last tried " + ParleyJSON.rfc3339($0) } ?? "failed"
        case .pending: return delivery.nextAttemptAt.map { "next " + ParleyJSON.rfc3339($0) } ?? "waits for an earlier one"
        }
    }
}
