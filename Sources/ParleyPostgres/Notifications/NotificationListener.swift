import Foundation
import Logging
import Synchronization

/// Listens on one channel over its own direct connection (never a pooled one: poolers drop
/// LISTEN), on a thread of its own, reconnecting after failures. `onConnect` runs after every
/// (re)connection so the owner can catch up on what it may have missed while disconnected.
public final class NotificationListener: Sendable {
    private let conninfo: String
    private let channel: String
    private let logger: Logger
    private let onNotification: @Sendable (String) -> Void
    private let onConnect: @Sendable () -> Void
    private let running = Atomic<Bool>(false)

    public init(conninfo: String, channel: String, logger: Logger,
                onConnect: @escaping @Sendable () -> Void = {}, onNotification: @escaping @Sendable (String) -> Void) {
        self.conninfo = conninfo
        self.channel = channel
        self.logger = logger
        self.onConnect = onConnect
        self.onNotification = onNotification
    }

    public func start() {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let thread = Thread { [self] in run() }
        thread.name = "parley-listen-\(channel)"
        thread.start()
    }

    /// Stops within about a second.
    public func stop() {
        running.store(false, ordering: .releasing)
    }

    private func run() {
        var backoff = 0.5
        while running.load(ordering: .acquiring) {
            do {
                let connection = try PostgresConnection.connect(conninfo, applicationName: "parley-listener")
                defer { connection.close() }
                try connection.listen(channel)
                backoff = 0.5
                logger.debug("listening", metadata: ["channel": "\(channel)"])
                onConnect()
                while running.load(ordering: .acquiring) {
                    for notification in try connection.waitForNotifications(timeout: 1) {
                        onNotification(notification.payload)
                    }
                }
            } catch {
                logger.warning("notification listener lost its connection; retrying", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 10)
            }
        }
    }
}
