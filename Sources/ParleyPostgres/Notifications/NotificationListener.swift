import Foundation
import Logging
import Synchronization

/// Listens on one or more channels over its own direct connection (never a pooled one:
/// poolers drop LISTEN), on a thread of its own, reconnecting after failures. `onConnect`
/// runs after every (re)connection so the owner can catch up on what it may have missed
/// while disconnected. One listener per process serves every channel parley uses.
public final class NotificationListener: Sendable {
    private let conninfo: String
    private let channels: [String]
    private let logger: Logger
    private let onNotification: @Sendable (_ channel: String, _ payload: String) -> Void
    private let onConnect: @Sendable () -> Void
    private let running = Atomic<Bool>(false)

    public init(conninfo: String, channels: [String], logger: Logger, onConnect: @escaping @Sendable () -> Void = {},
                onNotification: @escaping @Sendable (_ channel: String, _ payload: String) -> Void) {
        self.conninfo = conninfo
        self.channels = channels
        self.logger = logger
        self.onConnect = onConnect
        self.onNotification = onNotification
    }

    public convenience init(conninfo: String, channel: String, logger: Logger,
                            onConnect: @escaping @Sendable () -> Void = {}, onNotification: @escaping @Sendable (String) -> Void) {
        self.init(conninfo: conninfo, channels: [channel], logger: logger, onConnect: onConnect) { _, payload in onNotification(payload) }
    }

    public func start() {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let thread = Thread { [self] in run() }
        thread.name = "parley-listen"
        thread.start()
    }

    /// Stops within about a second.
    public func stop() {
        running.store(false, ordering: .releasing)
    }

    /// Reconnecting costs a refused connect while the server is away; waiting longer than a
    /// second would leave rule changes and live events stale for that long after it returns.
    static let longestBackoff = 1.0

    private func run() {
        var backoff = 0.1
        var failing = false
        while running.load(ordering: .acquiring) {
            do {
                let connection = try PostgresConnection.connect(conninfo, applicationName: "parley-listener")
                defer { connection.close() }
                for channel in channels { try connection.listen(channel) }
                backoff = 0.1
                failing = false
                logger.debug("listening", metadata: ["channels": "\(channels.joined(separator: ","))"])
                onConnect()
                while running.load(ordering: .acquiring) {
                    for notification in try connection.waitForNotifications(timeout: 1) {
                        onNotification(notification.channel, notification.payload)
                    }
                }
            } catch {
                // Once per outage, not once per attempt.
                if !failing {
                    logger.warning("notification listener lost its connection; retrying", metadata: ["error": "\(error)"])
                }
                failing = true
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, Self.longestBackoff)
            }
        }
    }
}
