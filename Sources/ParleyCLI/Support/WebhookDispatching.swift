import Foundation
import Logging
import ParleyCore
import ParleyPostgres
import ParleyWebhooks

/// A running webhook dispatcher: the HTTP client, the dispatcher's task, and (for `parley
/// dispatch`) its own LISTEN connection. `parley serve` wakes it from its one listener instead.
final class WebhookDispatching: Sendable {
    let dispatcher: OutboxDispatcher
    private let sender: HTTPWebhookSender
    private let task: Task<Void, Never>

    init(database: PostgresDatabase, settings: DispatcherSettings, logger: Logger) {
        sender = HTTPWebhookSender()
        dispatcher = OutboxDispatcher(repository: database.outbox, sender: sender, settings: settings, logger: logger)
        task = Task { [dispatcher] in await dispatcher.run() }
    }

    /// Stops claiming, lets the attempts under way finish and records them, then closes the client.
    func stop() async {
        task.cancel()
        await task.value
        await sender.shutdown()
    }
}
