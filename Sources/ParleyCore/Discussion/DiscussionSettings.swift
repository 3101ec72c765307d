/// Limits and thresholds of discussions, with a newsroom's defaults.
public struct DiscussionSettings: Sendable, Equatable {
    /// Longest comment accepted, in characters.
    public var maxBodyLength: Int
    /// Distinct reader reports that hide a published comment into the `reported` queue.
    public var reportThreshold: Int
    /// Approved comments after which a `new` author becomes `regular`.
    public var trustPromotionThreshold: Int

    public init(maxBodyLength: Int = 10_000, reportThreshold: Int = 3, trustPromotionThreshold: Int = 3) {
        self.maxBodyLength = maxBodyLength
        self.reportThreshold = reportThreshold
        self.trustPromotionThreshold = trustPromotionThreshold
    }
}
