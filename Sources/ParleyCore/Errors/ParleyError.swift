/// A refusal or failure a user can act on: a stable code, one clear sentence, and details.
///
/// Every layer above the core maps `kind` to its own vocabulary: the CLI to exit codes,
/// the HTTP API to statuses. Messages never carry SQL, stack traces or server internals.
public struct ParleyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case invalid          // malformed input
        case notFound         // unknown article, comment, author
        case conflict         // closed article, already decided, duplicate key
        case rejected         // refused by moderation
        case forbidden        // not allowed for this caller
        case unauthorized     // no or bad credentials
        case rateLimited      // too many requests
        case unavailable      // the database cannot be reached
        case internalFailure  // a bug or an unexpected server answer; details are logged, not shown
    }

    public var kind: Kind
    /// A stable machine-readable code, e.g. `article_closed`.
    public var code: String
    /// One sentence for a person.
    public var message: String
    public var details: [String: String]

    public init(_ kind: Kind, code: String, _ message: String, details: [String: String] = [:]) {
        self.kind = kind
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { message }
}

extension ParleyError {
    public static func invalid(_ message: String, code: String = "invalid_input", details: [String: String] = [:]) -> ParleyError {
        ParleyError(.invalid, code: code, message, details: details)
    }

    public static func articleNotFound(_ key: String) -> ParleyError {
        ParleyError(.notFound, code: "article_not_found", "There is no article with key \"\(key)\".", details: ["article": key])
    }

    public static func articleExists(_ key: String) -> ParleyError {
        ParleyError(.conflict, code: "article_exists", "An article with key \"\(key)\" already exists.", details: ["article": key])
    }

    public static func articleClosed(_ key: String) -> ParleyError {
        ParleyError(.conflict, code: "article_closed", "The article \"\(key)\" is closed for comments.", details: ["article": key])
    }

    public static func commentNotFound(_ id: Int64) -> ParleyError {
        ParleyError(.notFound, code: "comment_not_found", "There is no comment with id \(id).", details: ["comment": String(id)])
    }

    public static func parentNotFound(_ id: Int64) -> ParleyError {
        ParleyError(.notFound, code: "parent_not_found", "The comment \(id) you are replying to does not exist.", details: ["parent_id": String(id)])
    }

    public static func parentInOtherArticle(_ id: Int64, article: String) -> ParleyError {
        ParleyError(.invalid, code: "parent_in_other_article",
                    "The comment \(id) you are replying to belongs to another article, not \"\(article)\".",
                    details: ["parent_id": String(id), "article": article])
    }

    public static func signInRequired(_ key: String) -> ParleyError {
        ParleyError(.unauthorized, code: "sign_in_required", "Sign in to write under the article \"\(key)\".", details: ["article": key])
    }

    public static func nameTaken(_ name: String) -> ParleyError {
        ParleyError(.conflict, code: "name_taken",
                    "The name \"\(name)\" belongs to a signed-in reader; sign in or choose another name.", details: ["author": name])
    }

    public static func authorNotFound(_ name: String) -> ParleyError {
        ParleyError(.notFound, code: "author_not_found", "There is no author named \"\(name)\".", details: ["author": name])
    }

    public static func unavailable(_ message: String) -> ParleyError {
        ParleyError(.unavailable, code: "database_unavailable", message)
    }

    public static func internalFailure(_ message: String = "Something went wrong inside parley; the details are in its log.") -> ParleyError {
        ParleyError(.internalFailure, code: "internal_error", message)
    }
}

extension ParleyError {
    /// The private cluster of `parley db` could not be set up, started or stopped.
    public static func localCluster(_ message: String) -> ParleyError {
        ParleyError(.unavailable, code: "local_cluster", message)
    }
}
