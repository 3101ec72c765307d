/// A failure reported by libpq or the server, with the fields parley needs to map it.
///
/// This type stays inside the storage layer: repositories turn it into a `ParleyError`
/// (see `PostgresError+Parley.swift`), so SQL text and server internals never reach a user.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Could not connect, or the connection broke.
        case connection
        /// The server refused the statement (constraint, syntax, permission, ...).
        case server
        /// A value could not be decoded into the Swift type asked for.
        case decoding
    }

    public var kind: Kind
    public var message: String
    public var sqlState: String?
    public var detail: String?
    public var constraint: String?
    public var table: String?

    public init(kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil,
                constraint: String? = nil, table: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.constraint = constraint
        self.table = table
    }

    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let constraint { text += " [constraint \(constraint)]" }
        return text
    }

    /// Errors after which the connection may be fine but the server is not taking work. A
    /// server that turned read-only (`25006`: a primary demoted by a failover) counts: the
    /// primary is elsewhere now.
    public var meansServerUnavailable: Bool {
        if kind == .connection { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300", "53400", "25006"].contains(sqlState)
    }

    public var isReadOnlyTransaction: Bool { sqlState == "25006" }

    public var isUniqueViolation: Bool { sqlState == "23505" }
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    public var isCheckViolation: Bool { sqlState == "23514" }
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
}
