import Foundation

/// Posting rides out a database failover: while the database is unavailable (a primary gone,
/// a new one being promoted) a post's steps are tried again, with growing pauses, until a
/// deadline; past it the post fails as unavailable (HTTP 503 with Retry-After). A reader's
/// post is slower, not failed.
struct UnavailableRetry: Sendable {
    let deadline: ContinuousClock.Instant

    init(window: Duration) {
        deadline = .now + window
    }

    /// Runs `body` until it returns, fails otherwise than unavailable, or the deadline passes.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        var pause = Duration.milliseconds(50)
        while true {
            do {
                return try await body()
            } catch let error as ParleyError where error.kind == .unavailable {
                guard ContinuousClock.now + pause < deadline else { throw error }
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(1))
            }
        }
    }

    /// Waits before the next try; false when the deadline has passed.
    func pause(_ attempt: Int) async -> Bool {
        let pause = min(Duration.milliseconds(50) * (1 << min(attempt, 5)), .seconds(1))
        guard ContinuousClock.now + pause < deadline else { return false }
        try? await Task.sleep(for: pause)
        return true
    }
}
