import Foundation
import Logging
import ParleyCore
import ParleyPostgres
import Synchronization

/// Live updates of one server process: the listener's notifications come in here (from its
/// thread), one consumer loads each event with its comment in one query, renders and encodes
/// it once, and the hub fans the bytes out. After the listener reconnects, the consumer
/// catches up from the table by the last event id it saw.
public final class LiveUpdates: Sendable {
    public let hub = LiveHub()
    let events: PostgresLiveEventRepository
    let render: @Sendable (String) -> String
    let logger: Logger
    let keepAliveInterval: Duration
    private let inbox = Mutex<[Signal]>([])
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    enum Signal {
        case notification(articleID: Int64, eventID: Int64)
        case connected
    }

    init(events: PostgresLiveEventRepository, render: @escaping @Sendable (String) -> String, logger: Logger,
         keepAliveInterval: Duration = .seconds(15)) {
        self.events = events
        self.render = render
        self.logger = logger
        self.keepAliveInterval = keepAliveInterval
        let (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.doorbell = doorbell
        self.ring = ring
    }

    /// A `parley_live` payload, `<article id>:<event id>` (called on the listener's thread).
    public func notified(payload: String) {
        let parts = payload.split(separator: ":")
        guard parts.count == 2, let article = Int64(parts[0]), let event = Int64(parts[1]) else {
            logger.warning("unexpected live notification", metadata: ["payload": "\(payload)"])
            return
        }
        inbox.withLock { $0.append(.notification(articleID: article, eventID: event)) }
        ring.yield()
    }

    /// The listener (re)connected: catch up on whatever happened while it was away.
    public func listenerConnected() {
        inbox.withLock { $0.append(.connected) }
        ring.yield()
    }

    /// Runs the consumer, the keep-alive and the pruning of old events until cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.consume() }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.keepAliveInterval)
                    self.hub.broadcast(.keepAlive)
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    do { try await self.events.prune(olderThan: 3600) } catch {
                        self.logger.debug("could not prune live events", metadata: ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: .seconds(600))
                }
            }
        }
    }

    private func consume() async {
        var cursor = LiveCursor()
        for await _ in doorbell {
            let signals = inbox.withLock { inbox in
                defer { inbox = [] }
                return inbox
            }
            var wanted: [Int64] = []
            for signal in signals {
                switch signal {
                case .connected:
                    await catchUp(&cursor)
                case let .notification(articleID, eventID):
                    guard cursor.note(eventID) else { continue }
                    if hub.hasSubscribers(articleID: articleID) { wanted.append(eventID) }
                }
            }
            guard !wanted.isEmpty else { continue }
            do {
                publish(try await events.events(ids: wanted))
            } catch {
                logger.warning("could not read live events", metadata: ["error": "\(error)"])
            }
        }
    }

    private func catchUp(_ cursor: inout LiveCursor) async {
        do {
            guard let last = cursor.highest else {
                cursor.highest = try await events.latestID()
                return
            }
            let missed = try await events.events(articleIDs: hub.articleIDs, after: last, recentSeconds: 10)
            publish(missed.filter { cursor.note($0.id) })
        } catch {
            logger.warning("could not catch up on live events", metadata: ["error": "\(error)"])
        }
    }

    /// Renders and encodes each event once, then hands the frames to the hub.
    func publish(_ loaded: [LiveEvent]) {
        for event in loaded {
            do {
                hub.publish(articleID: event.articleID, frames: try LiveFrame.frames(for: event, render: render))
            } catch {
                logger.error("could not encode a live event", metadata: ["event": "\(event.id)", "error": "\(error)"])
            }
        }
    }
}
