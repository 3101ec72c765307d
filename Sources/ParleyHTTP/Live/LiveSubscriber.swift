import Foundation
import NIOCore
import Synchronization

/// One open event stream: a small bounded queue of shared frames and the writer waiting on
/// it. Nothing else is kept per subscriber. A subscriber that falls `capacity` frames behind
/// is closed: its reader reconnects with Last-Event-ID and catches up from the table.
public final class LiveSubscriber: Sendable {
    public static let capacity = 64
    typealias Waiter = CheckedContinuation<[LiveFrame]?, Never>

    public let articleID: Int64
    private let state = Mutex(State())

    struct State {
        var queue: [LiveFrame] = []
        var waiter: Waiter?
        var closed = false
        /// Events the backlog already sent; their live copies (still in flight when the
        /// backlog was read) are dropped, until the first event that was not replayed.
        var replayed: Set<Int64> = []
        /// Runs once if the subscriber overflows (the route closes the connection: its
        /// writer may be stuck on a reader that stopped reading).
        var onOverflow: (@Sendable () -> Void)?
    }

    init(articleID: Int64) {
        self.articleID = articleID
    }

    func whenOverflowing(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.onOverflow = action }
    }

    /// Events already sent from the backlog: drop them when they come in live.
    func skip(replayed ids: Set<Int64>) {
        state.withLock { state in
            state.replayed = ids
            state.queue = Self.filter(state.queue, &state.replayed)
        }
    }

    private static func filter(_ frames: [LiveFrame], _ replayed: inout Set<Int64>) -> [LiveFrame] {
        guard !replayed.isEmpty else { return frames }
        var kept: [LiveFrame] = []
        for frame in frames {
            if frame.eventID != 0, replayed.contains(frame.eventID) { continue }
            if frame.eventID != 0 { replayed = [] }
            kept.append(frame)
        }
        return kept
    }

    /// Adds frames; false when the subscriber is closed, or overflowed and is closed now.
    @discardableResult
    func enqueue(_ frames: [LiveFrame]) -> Bool {
        var overflowed: (@Sendable () -> Void)?
        let (accepted, waiter, handed): (Bool, Waiter?, [LiveFrame]?) = state.withLock { state in
            guard !state.closed else { return (false, nil, nil) }
            let frames = Self.filter(frames, &state.replayed)
            guard state.queue.count + frames.count <= Self.capacity else {
                state.closed = true
                state.queue = []
                overflowed = state.onOverflow
                state.onOverflow = nil
                defer { state.waiter = nil }
                return (false, state.waiter, nil)
            }
            guard let waiter = state.waiter else {
                state.queue.append(contentsOf: frames)
                return (true, nil, nil)
            }
            guard !frames.isEmpty else { return (true, nil, nil) }
            state.waiter = nil
            let handed = state.queue + frames
            state.queue = []
            return (true, waiter, handed)
        }
        waiter?.resume(returning: handed)
        overflowed?()
        return accepted
    }

    /// The frames queued since the last call, waiting for some; nil once closed.
    func next() async -> [LiveFrame]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: Waiter) in
                let ready: [LiveFrame]?? = state.withLock { state in
                    if !state.queue.isEmpty {
                        defer { state.queue = [] }
                        return .some(state.queue)
                    }
                    if state.closed { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            close()
        }
    }

    /// Ends the stream; the writer's `next()` returns nil.
    func close() {
        let waiter: Waiter? = state.withLock { state in
            state.closed = true
            state.queue = []
            state.onOverflow = nil
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    var isClosed: Bool { state.withLock { $0.closed } }
}
