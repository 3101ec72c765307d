import Foundation

/// How top-level comments are ordered. Replies are always oldest first.
public enum ThreadSort: String, Sendable, Codable, CaseIterable {
    case oldest
    case newest
    case top

    /// Whether `a` comes before `b` among top-level comments.
    public func precedes(_ a: Comment, _ b: Comment) -> Bool {
        switch self {
        case .oldest:
            return (a.createdAt, a.id) < (b.createdAt, b.id)
        case .newest:
            return (a.createdAt, a.id) > (b.createdAt, b.id)
        case .top:
            if a.score != b.score { return a.score > b.score }
            return a.id < b.id
        }
    }
}

/// The position after the last top-level comment of a page: the sort key of that comment.
/// Opaque to clients, and bound to its sort order: `SORT.KEY.ID` in plain digits, so the
/// API's document can describe every token it accepts (a pattern) and any token that matches
/// it reads as a position.
public struct ThreadCursor: Sendable, Equatable {
    public let sort: ThreadSort
    /// Microseconds since 1970 for `oldest`/`newest`, the score for `top`.
    public let key: Int64
    public let id: Int64

    /// What a token looks like (ECMA-262, as in the OpenAPI document): the sort, a key of at
    /// most 16 digits (about ±317 years around 1970, a date PostgreSQL can hold) and an id.
    public static let pattern = #"^(oldest|newest|top)\.-?[0-9]{1,16}\.[0-9]{1,18}$"#

    public init(sort: ThreadSort, key: Int64, id: Int64) {
        self.sort = sort
        self.key = key
        self.id = id
    }

    /// The cursor that continues after `comment` in `sort` order.
    public init(after comment: Comment, sort: ThreadSort) {
        switch sort {
        case .oldest, .newest:
            self.init(sort: sort, key: Int64((comment.createdAt.timeIntervalSince1970 * 1_000_000).rounded()), id: comment.id)
        case .top:
            self.init(sort: sort, key: Int64(comment.score), id: comment.id)
        }
    }

    public var token: String { "\(sort.rawValue).\(key).\(id)" }

    /// Reads a token in the order it was made for.
    public init(token: String) throws {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let sort = ThreadSort(rawValue: String(parts[0])),
              parts[1].count <= 17, parts[2].count <= 18, parts[2].first != "-", parts[2].first != "+", parts[1].first != "+",
              let key = Int64(parts[1]), let id = Int64(parts[2]), abs(key) < 10_000_000_000_000_000
        else { throw ParleyError.invalidCursor }
        self.init(sort: sort, key: key, id: id)
    }

    /// Reads a token; refuses one that is malformed or was made for another sort order.
    public init(token: String, sort: ThreadSort) throws {
        try self.init(token: token)
        guard self.sort == sort else {
            throw ParleyError.invalid("The cursor belongs to the \"\(self.sort.rawValue)\" order, not \"\(sort.rawValue)\".", code: "invalid_cursor")
        }
    }
}

extension ParleyError {
    static let invalidCursor = ParleyError.invalid("The cursor is not one parley gave out.", code: "invalid_cursor")
}
