import Foundation

/// Timings of repeated runs, summarised by median and 90th percentile.
struct Measurements {
    private(set) var samples: [Double] = []

    mutating func add(_ value: Double) { samples.append(value) }

    var median: Double { percentile(0.5) }
    var p90: Double { percentile(0.9) }
    var count: Int { samples.count }

    func percentile(_ fraction: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let sorted = samples.sorted()
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    /// Times `body` once, in milliseconds.
    static func milliseconds(_ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}

enum BenchFormat {
    static func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
    static func rate(_ value: Double) -> String { String(format: "%.0f/s", value) }
    static func verdict(_ ok: Bool) -> String { ok ? "PASS" : "MISS" }
}
