import Logging
import ParleyCore

/// parley's PostgreSQL database: the connection pool, the repositories over it, and the
/// translation of PostgreSQL failures into `ParleyError`s a user can act on.
public final class PostgresDatabase: Sendable {
    public let location: DatabaseLocation
    public let pool: ConnectionPool
    /// Standbys that serve thread pages, counts and live catch-up (`--read-database`).
    public let replica: ReadReplica?
    let logger: Logger

    public init(location: DatabaseLocation, maximumConnections: Int = 8, replica: ReadReplica? = nil, logger: Logger) {
        self.location = location
        self.logger = logger
        self.replica = replica
        self.pool = ConnectionPool(conninfo: location.conninfo, maximumConnections: maximumConnections, logger: logger)
    }

    public func shutdown() async {
        await pool.shutdown()
        await replica?.shutdown()
    }

    public var articles: PostgresArticleRepository { PostgresArticleRepository(database: self) }
    public var comments: PostgresCommentRepository { PostgresCommentRepository(database: self) }
    public var authors: PostgresAuthorRepository { PostgresAuthorRepository(database: self) }
    public var rulesets: PostgresRulesetRepository { PostgresRulesetRepository(database: self) }
    public var history: PostgresModerationHistory { PostgresModerationHistory(database: self) }
    public var desk: PostgresDeskRepository { PostgresDeskRepository(database: self) }
    public var tokens: PostgresTokenRepository { PostgresTokenRepository(database: self) }
    public var idempotency: PostgresIdempotencyRepository { PostgresIdempotencyRepository(database: self) }
    public var signInKeys: PostgresSignInKeyRepository { PostgresSignInKeyRepository(database: self) }
    public var liveEvents: PostgresLiveEventRepository { PostgresLiveEventRepository(database: self) }
    public var outbox: PostgresOutboxRepository { PostgresOutboxRepository(database: self) }
    public var mail: PostgresMailRepository { PostgresMailRepository(database: self) }

    public func migrator(migrations: [Migration]) -> Migrator {
        Migrator(database: self, migrations: migrations)
    }

    /// Runs `body` on a pooled connection; PostgreSQL errors come out as `ParleyError`s
    /// unless `body` handled them itself.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        do {
            return try await pool.withConnection(body)
        } catch {
            throw translate(error)
        }
    }

    /// Like `run`, inside a transaction (retried on serialization failures).
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        do {
            return try await pool.transaction(body)
        } catch {
            throw translate(error)
        }
    }

    /// Checks that the database answers; used by `readyz` and start-up.
    public func ping() async throws {
        _ = try await run { connection in try connection.query("SELECT 1").count }
    }

    func translate(_ error: any Error) -> any Error {
        guard let error = error as? PostgresError else { return error }
        if error.meansServerUnavailable {
            if location.isEmbedded, error.kind == .connection {
                return ParleyError.unavailable("The local database is not running; start it with `parley db start`.")
            }
            logger.debug("database unavailable", metadata: ["error": "\(error)"])
            return ParleyError.unavailable("Cannot reach \(location.displayName): \(error.message).")
        }
        if error.sqlState == "42P01" || error.sqlState == "42883" {
            return ParleyError(.unavailable, code: "schema_missing",
                               "The database does not have parley's schema yet; run `parley migrate`.")
        }
        logger.error("unexpected database error", metadata: ["error": "\(error)"])
        return ParleyError.internalFailure()
    }
}
