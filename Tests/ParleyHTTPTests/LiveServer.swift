import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ParleyHTTP
import ParleyPostgres
import ParleyTestSupport
import Testing

/// A live server on a socket, with its live updates fed by a listener as `parley serve`
/// feeds them (one connection, `parley_live`). The listener connects straight to the
/// database, never through PgBouncer (see TestDatabase.directConninfo).
struct LiveServer {
    let harness: Harness
    let port: Int
    let client: any TestClientProtocol

    static func run(configure: (inout ServerConfiguration) -> Void = { _ in },
                    _ body: @escaping @Sendable (LiveServer) async throws -> Void) async throws {
        let harness = try await Harness.make(configure: configure)
        let live = harness.services.live
        let listener = NotificationListener(
            conninfo: harness.test.directConninfo, channels: [PostgresLiveEventRepository.channel], logger: Logger(label: "test"),
            onConnect: { live.listenerConnected() }, onNotification: { _, payload in live.notified(payload: payload) })
        listener.start()
        let feed = Task { await live.run() }
        defer {
            listener.stop()
            feed.cancel()
        }
        try await waitForListener(harness)
        // The application `parley serve` runs (child-task responder, lean receive buffers).
        let app = buildApplication(services: harness.services, logger: Logger(label: "test"), address: .hostname("127.0.0.1", port: 0))
        try await app.test(.live) { client in
            let server = LiveServer(harness: harness, port: try #require(client.port), client: client)
            try await withTaskExecutorPreference(BlockingTestExecutor.shared) { try await body(server) }
        }
        await harness.close()
    }

    /// Waits until the listener has run LISTEN.
    static func waitForListener(_ harness: Harness) async throws {
        for _ in 0..<100 {
            let listening = try await harness.test.database.run { connection in
                try connection.query("""
                    SELECT count(*)::int8 FROM pg_stat_activity
                     WHERE datname = current_database() AND application_name = 'parley-listener' AND query LIKE 'LISTEN%'
                    """).first?.decode(0, as: Int64.self) ?? 0
            }
            if listening > 0 {
                try await Task.sleep(for: .milliseconds(100))
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SSEClient.Failure(description: "the listener did not connect")
    }

    func stream(_ path: String = "/api/articles/story/events", headers: [String: String] = [:]) throws -> SSEClient {
        let stream = try SSEClient(port: port, path: path, headers: headers)
        try stream.readHead()
        return stream
    }
}
