import Logging
import NIOPosix
import Foundation
import Synchronization

/// A bounded pool of libpq connections for async code.
///
/// libpq blocks, so every use of a connection runs on a `NIOThreadPool` thread, never on
/// Swift's cooperative pool. A caller gets one hop: its whole closure (a query, or a
/// transaction of several) runs on one pool thread with one connection. Connections that
/// broke are dropped and replaced on the next use; idle ones are checked before reuse.
public final class ConnectionPool: Sendable {
    public let conninfo: String
    public let maximumConnections: Int
    private let threadPool: NIOThreadPool
    private let ownsThreadPool: Bool
    private let logger: Logger
    private let state: Mutex<State>
    /// False once any connection found that prepared statements do not survive (PgBouncer in
    /// transaction mode), or when PARLEY_PREPARED_STATEMENTS=off.
    private let preparing: Atomic<Bool>

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<PostgresConnection?, any Error>] = []
        var isShutDown = false
    }

    public init(conninfo: String, maximumConnections: Int = 8, threadPool: NIOThreadPool? = nil, logger: Logger) {
        self.conninfo = conninfo
        self.maximumConnections = max(1, maximumConnections)
        if let threadPool {
            self.threadPool = threadPool
            self.ownsThreadPool = false
        } else {
            let pool = NIOThreadPool(numberOfThreads: self.maximumConnections)
            pool.start()
            self.threadPool = pool
            self.ownsThreadPool = true
        }
        self.logger = logger
        self.state = Mutex(State())
        self.preparing = Atomic(ProcessInfo.processInfo.environment["PARLEY_PREPARED_STATEMENTS"] != "off")
    }

    /// Runs `body` with a connection on a thread-pool thread.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let leased = try await acquire()
        let conninfo = self.conninfo
        let preparing = self.preparing.load(ordering: .relaxed)
        let outcome: (PostgresConnection?, Result<T, any Error>)
        do {
            outcome = try await threadPool.runIfActive {
                var connection = leased
                if let existing = connection, !existing.isAlive() {
                    existing.close()
                    connection = nil
                }
                let live: PostgresConnection
                do {
                    live = try connection ?? PostgresConnection.connect(conninfo)
                } catch {
                    return (nil, .failure(error))
                }
                live.usesPreparedStatements = preparing
                do {
                    return (live, .success(try body(live)))
                } catch {
                    return (live, .failure(error))
                }
            }
        } catch {
            release(leased)
            throw error
        }
        if case .failure(let error as PostgresError) = outcome.1, error.meansServerUnavailable {
            // The server went away or turned read-only (a failover): every idle connection to it
            // is as stale as this one. Drop them all, so the next uses connect afresh through the
            // (possibly multi-host) connection string and find the new primary.
            outcome.0?.close()
            release(nil)
            dropIdle()
        } else {
            release(outcome.0)
        }
        return try outcome.1.get()
    }

    /// Closes every idle connection (their slots free for new ones).
    public func dropIdle() {
        let idle = state.withLock { state -> [PostgresConnection] in
            let idle = state.idle
            state.idle = []
            state.open -= idle.count
            return idle
        }
        if !idle.isEmpty { logger.notice("closed \(idle.count) idle database connections after the server went away") }
        idle.forEach { $0.close() }
    }

    /// Runs `body` in a transaction; retried (up to 3 times) on serialization failures and deadlocks.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await withConnection { connection in try connection.transaction(body) }
            } catch let error as PostgresError where error.isSerializationFailure && attempt < 3 {
                attempt += 1
                logger.debug("retrying transaction after \(error.sqlState ?? "")", metadata: ["attempt": "\(attempt)"])
            }
        }
    }

    /// Counts for metrics: connections open, idle, and callers waiting.
    public var usage: (open: Int, idle: Int, waiting: Int) {
        state.withLock { ($0.open, $0.idle.count, $0.waiters.count) }
    }

    /// Closes idle connections and refuses further use.
    public func shutdown() async {
        let (idle, waiters) = state.withLock { state -> ([PostgresConnection], [CheckedContinuation<PostgresConnection?, any Error>]) in
            state.isShutDown = true
            let idle = state.idle
            let waiters = state.waiters
            state.idle = []
            state.waiters = []
            state.open -= idle.count
            return (idle, waiters)
        }
        idle.forEach { $0.close() }
        waiters.forEach { $0.resume(throwing: PostgresError(kind: .connection, message: "the connection pool is shut down")) }
        if ownsThreadPool { try? await threadPool.shutdownGracefully() }
    }

    // MARK: Leasing

    /// Returns an idle connection, or nil as permission to open a new one.
    private func acquire() async throws -> PostgresConnection? {
        enum Lease {
            case connection(PostgresConnection)
            case openNew
            case wait
            case shutDown
        }
        let lease: Lease = state.withLock { state in
            if state.isShutDown { return .shutDown }
            if let connection = state.idle.popLast() { return .connection(connection) }
            if state.open < maximumConnections {
                state.open += 1
                return .openNew
            }
            return .wait
        }
        switch lease {
        case .connection(let connection): return connection
        case .openNew: return nil
        case .shutDown: throw PostgresError(kind: .connection, message: "the connection pool is shut down")
        case .wait:
            return try await withCheckedThrowingContinuation { continuation in
                let runNow: Lease? = state.withLock { state in
                    // The pool may have changed between the two locks.
                    if state.isShutDown { return .shutDown }
                    if let connection = state.idle.popLast() { return .connection(connection) }
                    if state.open < maximumConnections {
                        state.open += 1
                        return .openNew
                    }
                    state.waiters.append(continuation)
                    return nil
                }
                switch runNow {
                case .connection(let connection): continuation.resume(returning: connection)
                case .openNew: continuation.resume(returning: nil)
                case .shutDown: continuation.resume(throwing: PostgresError(kind: .connection, message: "the connection pool is shut down"))
                case .wait, nil: break
                }
            }
        }
    }

    /// Gives a connection back. A broken one (or nil, when opening failed) frees its slot.
    private func release(_ connection: PostgresConnection?) {
        if let connection, connection.preparedStatementsFailed, preparing.load(ordering: .relaxed) {
            preparing.store(false, ordering: .relaxed)
            logger.notice("prepared statements do not survive on this server connection (a pooler in transaction mode?); running statements unnamed")
        }
        var reusable = connection
        if let candidate = reusable, candidate.isBroken || !candidate.isIdle {
            // A connection left inside a transaction is not safe to hand on.
            candidate.close()
            reusable = nil
        }
        let waiter: CheckedContinuation<PostgresConnection?, any Error>? = state.withLock { state in
            if let reusable, state.isShutDown {
                reusable.close()
                state.open -= 1
                return nil
            }
            if !state.waiters.isEmpty {
                let waiter = state.waiters.removeFirst()
                return waiter
            }
            if let reusable {
                state.idle.append(reusable)
            } else {
                state.open -= 1
            }
            return nil
        }
        // A waiter takes the connection, or (when it broke) the slot to open a new one.
        waiter?.resume(returning: reusable)
    }
}
