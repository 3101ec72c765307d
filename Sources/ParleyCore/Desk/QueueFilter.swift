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

/// A position in the queue: after the comment with this time and id.
public struct QueueCursor: Sendable, Equatable {
    public var createdAt: Date
    public var id: Int64

    public init(createdAt: Date, id: Int64) {
        self.createdAt = createdAt
        self.id = id
    }

    public var token: String {
        let micros = Int64((createdAt.timeIntervalSince1970 * 1_000_000).rounded())
        return Data("q:\(micros):\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public init(token: String) throws {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count < 100, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw ParleyError.invalid("The cursor is not one parley gave out.", code: "invalid_cursor")
        }
        let parts = text.split(separator: ":")
        guard parts.count == 3, parts[0] == "q", let micros = Int64(parts[1]), let id = Int64(parts[2]) else {
            throw ParleyError.invalid("The cursor is not one parley gave out.", code: "invalid_cursor")
        }
        self.init(createdAt: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
    }
}
