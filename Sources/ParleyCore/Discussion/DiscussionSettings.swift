/// Limits and thresholds of discussions, with a newsroom's defaults.
public struct DiscussionSettings: Sendable, Equatable {
    /// Longest comment accepted, in characters.
    public var maxBodyLength: Int
    /// Distinct reader reports that hide a published comment into the `reported` queue.
    public var reportThreshold: Int
    /// Approved comments after which a `new` author becomes `regular`.
    public var trustPromotionThreshold: Int
    /// Posts that arrive during a commit wait and are committed together (`PostCommitter`);
    /// false commits each post on its own, concurrently (for measuring what batching gains).
    public var groupCommit: Bool
    /// How long a post keeps trying while the database is unavailable (a failover) before it
    /// fails; zero fails at once.
    public var unavailableRetry: Duration = .seconds(30)

    public init(maxBodyLength: Int = 10_000, reportThreshold: Int = 3, trustPromotionThreshold: Int = 3, groupCommit: Bool = true) {
        self.groupCommit = groupCommit
        self.maxBodyLength = maxBodyLength
        self.reportThreshold = reportThreshold
        self.trustPromotionThreshold = trustPromotionThreshold
    }
}
