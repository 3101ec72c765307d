import Foundation

/// What part of the moderation queue to look at.
public struct QueueFilter: Sendable, Equatable {
    public enum View: String, Sendable, CaseIterable {
        /// The work queue: pending, flagged and reported together.
        case all
        case pending
        case flagged
        case reported
        case spam
        case rejected

        public var states: [CommentState] {
            switch self {
            case .all: [.pending, .flagged, .reported]
            case .pending: [.pending]
            case .flagged: [.flagged]
            case .reported: [.reported]
            case .spam: [.spam]
            case .rejected: [.rejected]
            }
        }
    }

    public var view: View
    public var articleKey: String?
    public var authorName: String?
    /// Only comments on which this rule fired.
    public var rule: String?
    /// Only comments older than this many seconds.
    public var olderThan: Int?
    /// Only comments newer than this many seconds.
    public var newerThan: Int?
    public var newestFirst: Bool

    public init(view: View = .all, articleKey: String? = nil, authorName: String? = nil, rule: String? = nil,
                olderThan: Int? = nil, newerThan: Int? = nil, newestFirst: Bool = false) {
        self.view = view
        self.articleKey = articleKey
        self.authorName = authorName
        self.rule = rule
        self.olderThan = olderThan
        self.newerThan = newerThan
        self.newestFirst = newestFirst
    }
}

/// A position in the queue: after the comment with this time and id. Its token is
/// `MICROSECONDS.ID` in plain digits, so that every token of the documented pattern reads.
public struct QueueCursor: Sendable, Equatable {
    public var createdAt: Date
    public var id: Int64

    /// What a token looks like (ECMA-262, as in the OpenAPI document).
    public static let pattern = #"^-?[0-9]{1,16}\.[0-9]{1,18}$"#

    public init(createdAt: Date, id: Int64) {
        self.createdAt = createdAt
        self.id = id
    }

    public var token: String {
        "\(Int64((createdAt.timeIntervalSince1970 * 1_000_000).rounded())).\(id)"
    }

    public init(token: String) throws {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 17, parts[1].count <= 18, parts[0].first != "+", parts[1].first != "+",
              parts[1].first != "-", let micros = Int64(parts[0]), let id = Int64(parts[1]), abs(micros) < 10_000_000_000_000_000
        else {
            throw ParleyError.invalid("The cursor is not one parley gave out.", code: "invalid_cursor")
        }
        self.init(createdAt: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
    }
}
