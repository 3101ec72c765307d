import ArgumentParser
import ParleyCore
import ParleyPostgres

struct WebhooksRedeliver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redeliver",
        abstract: "Send a delivery again (a failed one, or one delivered before): same webhook-id, retries start over.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The delivery's id (see `parley webhooks deliveries`).") var deliveryID: String

    func run() async throws {
        let id = try WebhooksCommand.id(deliveryID, what: "a delivery")
        try await CommandContext.with(global, connections: 1) { context in
            let delivery = try await context.database.outbox.redeliver(id: id)
            print("Delivery \(delivery.id) (\(delivery.type), \(WebhookMessage.id(event: delivery.eventID))) to endpoint \(delivery.endpointID) " +
                  "is back in line; a running `parley serve` or `parley dispatch` sends it now.")
        }
    }
}
