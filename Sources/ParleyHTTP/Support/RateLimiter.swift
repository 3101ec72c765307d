import Foundation
import Synchronization

/// Token buckets per key (an address, an author): `perMinute` requests a minute on average,
/// with bursts up to a sixth of that. In memory, per process.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets = Mutex<[String: Bucket]>([:])

    /// nil when allowed; else the seconds to wait before the next request is.
    func check(_ key: String, perMinute: Int) -> Int? {
        guard perMinute > 0 else { return nil }
        let rate = Double(perMinute) / 60
        let capacity = max(1, Double(perMinute) / 6)
        let now = ContinuousClock.now
        return buckets.withLock { buckets in
            if buckets.count > 100_000 { buckets.removeAll(keepingCapacity: true) }
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + seconds * rate)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[key] = bucket
                return nil
            }
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}
