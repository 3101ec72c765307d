import Foundation
import Synchronization

/// The subscribers of one server process, by article. Frames are published once per
/// article and the same bytes go to every subscriber; a subscriber that cannot keep up is
/// closed and forgotten.
public final class LiveHub: Sendable {
    private let subscribers = Mutex<[Int64: [ObjectIdentifier: LiveSubscriber]]>([:])
    private let total = Atomic<Int>(0)

    public init() {}

    /// Open streams right now.
    public var subscriberCount: Int { total.load(ordering: .relaxed) }

    public func subscribe(articleID: Int64) -> LiveSubscriber {
        let subscriber = LiveSubscriber(articleID: articleID)
        subscribers.withLock { $0[articleID, default: [:]][ObjectIdentifier(subscriber)] = subscriber }
        total.add(1, ordering: .relaxed)
        return subscriber
    }

    /// Closes the subscriber and forgets it (idempotent).
    public func unsubscribe(_ subscriber: LiveSubscriber) {
        subscriber.close()
        let removed = subscribers.withLock { all -> Bool in
            guard all[subscriber.articleID]?.removeValue(forKey: ObjectIdentifier(subscriber)) != nil else { return false }
            if all[subscriber.articleID]?.isEmpty == true { all[subscriber.articleID] = nil }
            return true
        }
        if removed { total.subtract(1, ordering: .relaxed) }
    }

    public func hasSubscribers(articleID: Int64) -> Bool {
        subscribers.withLock { $0[articleID] != nil }
    }

    /// Articles someone is watching.
    public var articleIDs: [Int64] {
        subscribers.withLock { Array($0.keys) }
    }

    /// Hands the frames to every subscriber of the article; returns how many took them.
    @discardableResult
    public func publish(articleID: Int64, frames: [LiveFrame]) -> Int {
        let targets = subscribers.withLock { $0[articleID].map { Array($0.values) } ?? [] }
        return deliver(frames, to: targets)
    }

    /// Hands a frame to every subscriber of every article (keep-alive).
    @discardableResult
    public func broadcast(_ frame: LiveFrame) -> Int {
        let targets = subscribers.withLock { $0.values.flatMap(\.values) }
        return deliver([frame], to: targets)
    }

    private func deliver(_ frames: [LiveFrame], to targets: [LiveSubscriber]) -> Int {
        var delivered = 0
        for subscriber in targets {
            if subscriber.enqueue(frames) {
                delivered += 1
            } else {
                unsubscribe(subscriber)
            }
        }
        return delivered
    }
}
