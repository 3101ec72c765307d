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
/// Opaque to clients (base64url text), bound to its sort order.
public struct ThreadCursor: Sendable, Equatable {
    public let sort: ThreadSort
    /// Microseconds since 1970 for `oldest`/`newest`, the score for `top`.
    public let key: Int64
    public let id: Int64

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

    public var token: String {
        let text = "\(sort.rawValue):\(key):\(id)"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token; refuses one that is malformed or was made for another sort order.
    public init(token: String, sort: ThreadSort) throws {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 100,
              let data = Data(base64Encoded: base64),
              let text = String(data: data, encoding: .utf8)
        else { throw ParleyError.invalidCursor }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let key = Int64(parts[1]), let id = Int64(parts[2]) else { throw ParleyError.invalidCursor }
        guard parts[0] == sort.rawValue else {
            throw ParleyError.invalid("The cursor belongs to the \"\(parts[0])\" order, not \"\(sort.rawValue)\".", code: "invalid_cursor")
        }
        self.init(sort: sort, key: key, id: id)
    }
}

extension ParleyError {
    static let invalidCursor = ParleyError.invalid("The cursor is not one parley gave out.", code: "invalid_cursor")
}
