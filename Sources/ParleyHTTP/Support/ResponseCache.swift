import Foundation
import Synchronization

/// Rendered read responses, kept for a moment: under load, a popular thread is read from
/// PostgreSQL and encoded once per `lifetime`, not once per request. Only one request renders
/// a missing page while the others wait for it; an expired page keeps being served while one
/// request renders its successor. Writes through this process drop the article's pages at
/// once; other processes' writes show within `lifetime`.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        let body: [UInt8]
        let etag: String
        let expires: ContinuousClock.Instant
    }

    private struct Loading {
        let id: UInt64
        let task: Task<Entry, any Error>
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var loading: [String: Loading] = [:]
        var nextID: UInt64 = 0
    }

    private let lifetime: Duration
    private let state = Mutex(State())

    init(lifetime: Double) {
        self.lifetime = .milliseconds(Int(lifetime * 1000))
    }

    var enabled: Bool { lifetime > .zero }

    /// The page for `key`, rendered by `render` when there is none (or in the background when
    /// the one there expired).
    func value(_ key: String, render: @escaping @Sendable () async throws -> (body: [UInt8], etag: String)) async throws -> Entry {
        guard enabled else {
            let (body, etag) = try await render()
            return Entry(body: body, etag: etag, expires: .now)
        }
        let lifetime = self.lifetime
        let now = ContinuousClock.now
        enum Next {
            case ready(Entry)
            case wait(Task<Entry, any Error>)
        }
        let next: Next = state.withLock { state in
            let current = state.entries[key]
            if let current, current.expires >= now { return .ready(current) }
            if state.loading[key] == nil {
                state.nextID += 1
                let id = state.nextID
                let task = Task<Entry, any Error> {
                    do {
                        let (body, etag) = try await render()
                        let entry = Entry(body: body, etag: etag, expires: ContinuousClock.now + lifetime)
                        self.finish(key, id: id, entry: entry)
                        return entry
                    } catch {
                        self.finish(key, id: id, entry: nil)
                        throw error
                    }
                }
                state.loading[key] = Loading(id: id, task: task)
            }
            if let current { return .ready(current) }
            return .wait(state.loading[key]!.task)
        }
        switch next {
        case .ready(let entry): return entry
        case .wait(let task): return try await task.value
        }
    }

    private func finish(_ key: String, id: UInt64, entry: Entry?) {
        state.withLock { state in
            // A load overtaken by an invalidation stores nothing.
            guard state.loading[key]?.id == id else { return }
            state.loading[key] = nil
            guard let entry else { return }
            if state.entries.count > 10_000 { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = entry
        }
    }

    func invalidate(prefix: String) {
        state.withLock { state in
            for key in state.entries.keys where key.hasPrefix(prefix) { state.entries[key] = nil }
            for key in state.loading.keys where key.hasPrefix(prefix) { state.loading[key] = nil }
        }
    }
}

/// Visible-comment counts per article, kept for a moment (the counts route is hit per page view).
final class CountCache: Sendable {
    private let lifetime: Duration
    private let counts = Mutex<[String: (Int, ContinuousClock.Instant)]>([:])

    init(lifetime: Double) {
        self.lifetime = .milliseconds(Int(lifetime * 1000))
    }

    /// Cached counts for the keys that have one; the rest must be read.
    func get(_ keys: [String]) -> (found: [String: Int], missing: [String]) {
        guard lifetime > .zero else { return ([:], keys) }
        let now = ContinuousClock.now
        return counts.withLock { counts in
            var found: [String: Int] = [:]
            var missing: [String] = []
            for key in keys {
                if let (count, expires) = counts[key], expires >= now { found[key] = count } else { missing.append(key) }
            }
            return (found, missing)
        }
    }

    func put(_ values: [String: Int]) {
        guard lifetime > .zero else { return }
        let expires = ContinuousClock.now + lifetime
        counts.withLock { counts in
            if counts.count > 100_000 { counts.removeAll(keepingCapacity: true) }
            for (key, count) in values { counts[key] = (count, expires) }
        }
    }

    func invalidate(_ key: String) {
        counts.withLock { $0[key] = nil }
    }
}

/// A 64-bit FNV-1a of a response body, as a strong ETag: cheap, and the same in every process.
enum ETag {
    static func of(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "\"\(String(hash, radix: 16))-\(bytes.count)\""
    }
}
