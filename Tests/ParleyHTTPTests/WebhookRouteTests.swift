import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import ParleyCore
import ParleyHTTP
import ParleyPostgres
import ParleyTestSupport
import ParleyWebhooks

/// Posts through the HTTP API write their events (created, and held when a rule holds the
/// comment) in the post's transaction; a dispatcher sends them to a real receiver; /metrics
/// shows the outbox's depth, its oldest event's age and the attempts by outcome.
@Suite struct WebhookRouteTests {
    static func value(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func postsThroughTheAPIAreSentAsWebhooksAndShownInMetrics() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let database = harness.test.database
        let secret = WebhookSecret.generate()
        let receiver = try await WebhookReceiver.start(key: secret.key)
        defer { Task { await receiver.stop() } }
        _ = try await database.outbox.addEndpoint(url: receiver.url, events: nil, secret: secret, createdBy: "test")

        try await harness.application.test(.router) { client in
            for body in ["A fair question about the range.", "what an idiot"] {
                let response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                        body: Body.json(["author": ["name": "Olena"], "body": body]))
                #expect(response.status == .created)
            }
            try await Task.sleep(for: .milliseconds(1100))
            var text = try await client.execute(uri: "/metrics", method: .get).text
            #expect(Self.value("parley_webhook_outbox_depth", in: text) == 3, "\(text)")
            #expect((Self.value("parley_webhook_oldest_undelivered_seconds", in: text) ?? 0) >= 1)

            var settings = DispatcherSettings()
            settings.pollInterval = .milliseconds(200)
            let sender = HTTPWebhookSender()
            let dispatcher = OutboxDispatcher(repository: database.outbox, sender: sender, settings: settings, logger: Logger(label: "test"))
            harness.services.metrics.watch(dispatcher)
            let task = Task { await dispatcher.run() }
            try await receiver.wait("three events arrived", timeout: .seconds(30)) { $0.filter(\.succeeded).count == 3 }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            await task.value
            await sender.shutdown()

            #expect(receiver.received.map { $0.type ?? "" } == ["comment.created", "comment.created", "comment.held"])
            #expect(receiver.received.allSatisfy { $0.signatureValid })
            text = try await client.execute(uri: "/metrics", method: .get).text
            #expect(Self.value("parley_webhook_outbox_depth", in: text) == 0, "\(text)")
            #expect(Self.value("parley_webhook_oldest_undelivered_seconds", in: text) == 0)
            #expect(Self.value("parley_webhook_attempts_total{outcome=\"delivered\"}", in: text) == 3, "\(text)")
            #expect(Self.value("parley_webhook_deliveries{status=\"failed\"}", in: text) == 0)
        }
    }
}
