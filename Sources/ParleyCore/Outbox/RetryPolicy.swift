import Foundation

/// When a failed delivery is tried again: exponential backoff from `firstDelay`, doubling up
/// to `longestDelay`, with jitter (each pause drawn between half and all of its nominal
/// length, so receivers that failed together are not hit together again). Attempts go on for
/// at least `window` from the delivery's creation; the first failure after that marks it failed,
/// though never before a second attempt (a delivery that waited behind others of its article
/// for the whole window still gets one retry of its own).
public struct RetryPolicy: Sendable, Equatable {
    public var firstDelay: Duration
    public var longestDelay: Duration
    public var window: Duration

    public init(firstDelay: Duration = .seconds(5), longestDelay: Duration = .seconds(3600), window: Duration = .seconds(24 * 3600)) {
        self.firstDelay = firstDelay
        self.longestDelay = longestDelay
        self.window = window
    }

    /// The pause before attempt `attempts + 1`, after `attempts` failures (at least 1).
    public func delay(afterFailures attempts: Int, jitter: Double = Double.random(in: 0.5...1)) -> Duration {
        let first = firstDelay.inSeconds, longest = longestDelay.inSeconds
        let nominal = min(longest, first * pow(2, Double(max(0, min(attempts - 1, 40)))))
        return .seconds(nominal * min(1, max(0, jitter)))
    }

    /// Whether a delivery made at `createdAt` whose attempt number `attempt` (1, 2, ...) failed at `now` is given up.
    public func givesUp(createdAt: Date, now: Date, attempt: Int) -> Bool {
        attempt >= 2 && now.timeIntervalSince(createdAt) >= window.inSeconds
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
