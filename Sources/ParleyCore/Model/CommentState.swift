/// Where a comment stands. Readers see `published` and `flagged`; the rest wait in a
/// moderator's queue or were turned away.
public enum CommentState: String, Sendable, Codable, CaseIterable {
    case published
    case flagged
    case pending
    case reported
    case spam
    case rejected

    public var isVisible: Bool { self == .published || self == .flagged }

    /// States a moderator still has to look at.
    public var isQueued: Bool { self == .pending || self == .flagged || self == .reported }
}
