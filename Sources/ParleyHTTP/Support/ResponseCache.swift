import Foundation
import Synchronization

/// Rendered read responses, kept for a moment: under load, a popular thread is read from
/// PostgreSQL and encoded once per `lifetime`, not once per request. Writes through this
/// process drop the article's entries at once; other processes' writes show within `lifetime`.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        let body: [UInt8]
        let etag: String
        let expires: ContinuousClock.Instant
    }

    private let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Double) {
        self.lifetime = .milliseconds(Int(lifetime * 1000))
    }

    var enabled: Bool { lifetime > .zero }

    func get(_ key: String) -> Entry? {
        guard enabled else { return nil }
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if entry.expires < now {
                entries[key] = nil
                return nil
            }
            return entry
        }
    }

    func put(_ key: String, body: [UInt8], etag: String) {
        guard enabled else { return }
        let entry = Entry(body: body, etag: etag, expires: ContinuousClock.now + lifetime)
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
    }

    func invalidate(prefix: String) {
        entries.withLock { entries in
            for key in entries.keys where key.hasPrefix(prefix) { entries[key] = nil }
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
