import ArgumentParser
import ParleyCore
import ParleyPostgres

struct WebhooksRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a webhook endpoint and its deliveries; nothing more is sent to it.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The endpoint's id (see `parley webhooks list`).") var id: String

    func run() async throws {
        let id = try WebhooksCommand.id(id, what: "an endpoint")
        try await CommandContext.with(global, connections: 1) { context in
            guard let endpoint = try await context.database.outbox.endpoint(id: id) else { throw WebhooksCommand.endpointNotFound(id) }
            guard try await context.database.outbox.removeEndpoint(id: id, by: context.operatorName(moderator.moderator)) else {
                throw WebhooksCommand.endpointNotFound(id)
            }
            print("Removed webhook endpoint \(id) (\(endpoint.url)) and its deliveries.")
        }
    }
}
