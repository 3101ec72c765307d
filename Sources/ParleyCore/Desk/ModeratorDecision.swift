import Foundation

/// What a moderator does to a comment.
public enum ModeratorAction: String, Sendable, Codable, CaseIterable {
    /// Publish (from any queue or view); dismisses open reader reports.
    case approve
    /// Hide as rejected; upholds open reader reports.
    case reject
    /// Hide as spam.
    case spam
    /// Publish again, and undelete: undoes a rejection, a spam verdict or a deletion.
    case restore

    public var targetState: CommentState {
        switch self {
        case .approve, .restore: .published
        case .reject: .rejected
        case .spam: .spam
        }
    }
}

/// Which comments a decision is for: given ids (optionally with the version the moderator
/// saw), or everything a queue filter selects.
public enum DecisionTarget: Sendable, Equatable {
    case ids([Int64], seenVersions: [Int64: Int] = [:])
    case filter(QueueFilter, limit: Int)
}

/// The outcome of a decision, comment by comment.
public struct DecisionReport: Sendable, Equatable {
    public struct Applied: Sendable, Equatable {
        public var id: Int64
        public var from: CommentState
        public var to: CommentState

        public init(id: Int64, from: CommentState, to: CommentState) {
            self.id = id
            self.from = from
            self.to = to
        }
    }

    /// A comment left as it was, and why (already decided by someone else, unknown, ...).
    public struct Refused: Sendable, Equatable {
        public var id: Int64
        public var reason: String

        public init(id: Int64, reason: String) {
            self.id = id
            self.reason = reason
        }
    }

    public var applied: [Applied]
    public var refused: [Refused]
    /// Authors whose trust rose to regular with this decision.
    public var promoted: [String]

    public init(applied: [Applied] = [], refused: [Refused] = [], promoted: [String] = []) {
        self.applied = applied
        self.refused = refused
        self.promoted = promoted
    }
}
