/// What a rule (or the moderation engine as a whole) decides for a comment.
/// Severity order: reject > spam > hold > flag > approve; censor rides along.
public enum ModerationAction: String, Sendable, Codable, CaseIterable, Comparable {
    case approve
    case censor
    case flag
    case hold
    case spam
    case reject

    public var severity: Int {
        switch self {
        case .approve: 0
        case .censor: 0
        case .flag: 1
        case .hold: 2
        case .spam: 3
        case .reject: 4
        }
    }

    public static func < (lhs: ModerationAction, rhs: ModerationAction) -> Bool { lhs.severity < rhs.severity }

    /// The state a comment is stored in when this is the final decision.
    public var resultingState: CommentState {
        switch self {
        case .approve, .censor: .published
        case .flag: .flagged
        case .hold: .pending
        case .spam: .spam
        case .reject: .rejected
        }
    }
}
