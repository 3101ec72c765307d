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

extension CommentState {
    /// How far from readers a state puts a comment: published, flagged, held, spam, rejected.
    public var strictness: Int {
        switch self {
        case .published: 0
        case .flagged: 1
        case .pending, .reported: 2
        case .spam: 3
        case .rejected: 4
        }
    }

    /// Whichever of the two hides the comment more (this one on a tie).
    public func stricter(than other: CommentState) -> CommentState {
        other.strictness > strictness ? other : self
    }
}
