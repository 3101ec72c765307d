import Foundation
import NIOCore
import Synchronization

/// Rendered read responses, kept for a moment: under load, a popular thread is read from
/// PostgreSQL and encoded once per `lifetime`, not once per request. Only one request renders
/// a missing page while the others wait for it; an expired page keeps being served while one
/// request renders its successor. Writes through this process drop the article's pages at
/// once; other processes' writes show within `lifetime`.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        /// Shared by every response that serves it: a cached page is never copied.
        let body: ByteBuffer
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
    func value(_ key: String, render: @escaping @Sendable () async throws -> (body: ByteBuffer, etag: String)) async throws -> Entry {
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

/// A 64-bit hash of a response body and its length, as a strong ETag: the same in every
/// process and on every machine (bytes read little-endian). Four independent lanes of eight
/// bytes each (xor, multiply, xor-shift: a bijection of the word for a given state) keep the
/// multipliers busy: a 1 MB thread page hashes in about a tenth of the time a byte-at-a-time
/// FNV-1a takes, which was as long as writing the page's JSON.
public enum ETag {
    public static func of(_ bytes: [UInt8]) -> String {
        let hash = bytes.withUnsafeBytes { hash64($0) }
        return "\"\(String(hash, radix: 16))-\(bytes.count)\""
    }

    static func hash64(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        @inline(__always) func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
            let product = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
            return product ^ (product >> 32)
        }
        @inline(__always) func word(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        let count = raw.count
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x84ca_a73b_fe94_f82b
        var c: UInt64 = 0x3c6e_f372_fe94_f82b, d: UInt64 = 0xa54f_f53a_5f1d_36f1
        var offset = 0
        while offset + 32 <= count {
            a = mix(a, word(offset))
            b = mix(b, word(offset + 8))
            c = mix(c, word(offset + 16))
            d = mix(d, word(offset + 24))
            offset += 32
        }
        // Each lane avalanched before they meet: a change in one lane's last word touches only
        // some of its bits, and the same change in another lane must not cancel it.
        var hash = mix(mix(mix(finalize(a), finalize(b)), finalize(c)), finalize(d))
        while offset + 8 <= count {
            hash = mix(hash, word(offset))
            offset += 8
        }
        var tail: UInt64 = 0
        for index in stride(from: count - 1, through: offset, by: -1) {
            tail = tail << 8 | UInt64(raw[index])
        }
        return finalize(mix(mix(hash, tail), UInt64(count)))
    }

    /// MurmurHash3's finalizer: every bit of the state reaches every bit of the result.
    @inline(__always)
    static func finalize(_ state: UInt64) -> UInt64 {
        var hash = state
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        return hash ^ (hash >> 33)
    }
}

extension ResponseCache.Entry {
    /// A page rendered for one response only.
    init(render: (body: ByteBuffer, etag: String)) {
        self.init(body: render.body, etag: render.etag, expires: .now)
    }
}
