import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres
import ParleyWebhooks

struct WebhooksTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a signed ping (type webhook.ping) to an endpoint now and report its answer.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The endpoint's id (see `parley webhooks list`).") var id: String
    @Option(help: "Seconds to wait for the answer (default 10).") var timeout: Double = 10

    func run() async throws {
        let id = try WebhooksCommand.id(id, what: "an endpoint")
        guard timeout > 0, timeout <= 600 else { throw ParleyError.invalid("--timeout is more than 0 and at most 600 seconds.") }
        let (endpoint, secret) = try await CommandContext.with(global, connections: 1) { context in
            guard let endpoint = try await context.database.outbox.endpoint(id: id),
                  let secret = try await context.database.outbox.secret(endpoint: id)
            else { throw WebhooksCommand.endpointNotFound(id) }
            return (endpoint, secret)
        }
        let now = Date()
        var data = JSONWriter()
        data.append(UInt8(ascii: "{"))
        data.key("endpoint_id", first: true)
        data.append(integer: endpoint.id)
        data.key("message")
        data.string("A test from parley: this endpoint receives its webhooks.")
        data.append(UInt8(ascii: "}"))
        let message = WebhookMessage.make(url: endpoint.url, secret: secret, id: "ping_\(UUID().uuidString.lowercased())",
                                          type: OutboxEventType.ping, occurredAt: now, data: String(decoding: data.bytes, as: UTF8.self),
                                          sentAt: now)
        let sender = HTTPWebhookSender()
        let started = ContinuousClock.now
        let answer = await sender.send(message, timeout: .milliseconds(Int64(timeout * 1000)))
        let elapsed = ContinuousClock.now - started
        await sender.shutdown()
        let milliseconds = Int((elapsed.inSeconds * 1000).rounded())
        let disabled = endpoint.disabledAt == nil ? "" : " (the endpoint is disabled: \(endpoint.disabledReason ?? ""); outbox events do not go to it)"
        switch answer {
        case .status(let code) where (200..<300).contains(code):
            print("Endpoint \(id) answered \(code) in \(milliseconds) ms to \(message.header("webhook-id") ?? "")\(disabled).")
        case .status(let code):
            throw ParleyError(.conflict, code: "webhook_test_failed", "Endpoint \(id) answered \(code) in \(milliseconds) ms\(disabled).")
        case .failure(let reason):
            throw ParleyError(.conflict, code: "webhook_test_failed", "Endpoint \(id) did not answer: \(reason)\(disabled).")
        }
    }
}
