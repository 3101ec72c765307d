import CLibPQ
import Foundation

/// One libpq connection. Every call blocks, so callers run it off the cooperative pool
/// (`ConnectionPool` does); a connection is used by one thread at a time.
///
/// Statements are parameterized: values never enter SQL text. Each connection prepares a
/// statement the first time it runs it and reuses it afterwards (parsing and planning parley's
/// larger statements costs more than running them). Behind PgBouncer in transaction pooling
/// mode named statements do not survive; the first sign of that turns preparing off and the
/// statement runs unnamed (PQexecParams), as it does when `usesPreparedStatements` is false.
public final class PostgresConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// SQL text → name of its prepared statement on this connection.
    private var prepared: [String: String] = [:]
    public var usesPreparedStatements = true
    /// Whether the session plans prepared statements once (`plan_cache_mode`), as last set.
    private var genericPlans = false
    /// Set when the server (or a pooler in front of it) lost a prepared statement.
    public private(set) var preparedStatementsFailed = false
    static let preparedLimit = 256

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Connects with a libpq connection string or URL; an empty string means "libpq's
    /// defaults": the PG* environment variables and service files, exactly as psql.
    public static func connect(_ conninfo: String, applicationName: String = "parley") throws -> PostgresConnection {
        var keywords = ["fallback_application_name"]
        var values = [applicationName]
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            // Before dbname, so a connect_timeout inside the caller's string wins.
            keywords.append("connect_timeout")
            values.append("10")
        }
        keywords.append("dbname")
        values.append(conninfo)
        let handle = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let handle else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(kind: .connection, message: Self.firstLine(message))
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        return PostgresConnection(handle: handle)
    }

    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// True once the connection is closed or libpq saw it break.
    public var isBroken: Bool {
        guard let handle else { return true }
        return PQstatus(handle) != CONNECTION_OK
    }

    /// True when no transaction is open (or failed) on this connection.
    public var isIdle: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Cheap liveness check for a connection that sat idle: if the server closed it (restart,
    /// idle timeout, failover), the socket is readable and libpq notices on consuming input.
    public func isAlive() -> Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return false }
        // An idle connection has nothing to read unless the server spoke first: a FATAL
        // message before it hung up, then end-of-file. Read until quiet or broken.
        for _ in 0..<4 {
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 0)
            if ready < 0 { return false }
            if ready == 0 { return PQstatus(handle) == CONNECTION_OK }
            if descriptor.revents & Int16(POLLHUP | POLLERR) != 0 { return false }
            if PQconsumeInput(handle) == 0 { return false }
            while let notify = PQnotifies(handle) { PQfreemem(notify) }
            if PQstatus(handle) != CONNECTION_OK { return false }
        }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Server version as an integer, e.g. 150018.
    public var serverVersion: Int {
        guard let handle else { return 0 }
        return Int(PQserverVersion(handle))
    }

    // MARK: Statements

    /// Runs one parameterized statement and returns its rows in binary format.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = [], plan: PlanChoice = .automatic) throws -> QueryResult {
        let handle = try liveHandle()
        try choose(plan)
        let texts = parameters.map { $0?.postgresText }
        if plan != .eachTime, let name = try preparedName(for: sql) {
            let result = withOptionalCStringArray(texts) { pointers in
                PQexecPrepared(handle, name, Int32(texts.count), pointers, nil, nil, 1)
            }
            do {
                return try checked(result)
            } catch let error as PostgresError where Self.meansStatementLost(error) && isIdle {
                // A pooler gave us another server connection: run unnamed from now on.
                disablePreparedStatements()
            }
        }
        let result = withOptionalCStringArray(texts) { pointers in
            PQexecParams(handle, sql, Int32(texts.count), nil, pointers, nil, nil, 1)
        }
        return try checked(result)
    }

    /// How PostgreSQL plans a prepared statement. Its default re-plans each execution when it
    /// guesses a custom plan is better; for parley's posting statements that planning costs
    /// more than running them, and one plan fits every comment.
    public enum PlanChoice: Sendable {
        case automatic
        case generic
        /// Never prepared: planned at each execution with the table's current size. For
        /// lookups in a table that starts empty and grows fast, where a cached plan made
        /// while it was small (a sequential scan) would stay long after it stopped fitting.
        case eachTime
    }

    /// Switches the session's plan_cache_mode when the next statement wants the other one.
    private func choose(_ plan: PlanChoice) throws {
        guard usesPreparedStatements, !preparedStatementsFailed, plan != .eachTime else { return }
        let wanted = plan == .generic
        guard wanted != genericPlans else { return }
        _ = try checked(PQexec(handle, wanted ? "SET plan_cache_mode = force_generic_plan" : "SET plan_cache_mode = auto"))
        genericPlans = wanted
    }

    /// The name of `sql`'s prepared statement, preparing it first; nil when not preparing.
    private func preparedName(for sql: String) throws -> String? {
        guard usesPreparedStatements, !preparedStatementsFailed, Self.worthPreparing(sql) else { return nil }
        if let name = prepared[sql] { return name }
        if prepared.count >= Self.preparedLimit {
            _ = PQexec(handle, "DEALLOCATE ALL").map { PQclear($0) }
            prepared.removeAll()
        }
        let name = "parley_\(prepared.count + 1)"
        do {
            _ = try checked(PQprepare(handle, name, sql, 0, nil))
        } catch let error as PostgresError where Self.meansStatementLost(error) {
            disablePreparedStatements()
            return nil
        }
        prepared[sql] = name
        return name
    }

    private func disablePreparedStatements() {
        preparedStatementsFailed = true
        prepared.removeAll()
    }

    /// 26000: the prepared statement does not exist; 42P05: it exists already (a pooler
    /// mixed server connections).
    static func meansStatementLost(_ error: PostgresError) -> Bool {
        error.sqlState == "26000" || error.sqlState == "42P05"
    }

    static func worthPreparing(_ sql: String) -> Bool {
        sql.utf8.count > 24
    }

    /// Runs a statement and returns how many rows it touched.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresBindable)?] = [], plan: PlanChoice = .automatic) throws -> Int {
        try query(sql, parameters, plan: plan).affectedRows
    }

    /// Runs a script of several statements without parameters (simple query protocol).
    /// Only for parley's own SQL, such as migration files.
    public func executeScript(_ sql: String) throws {
        let handle = try liveHandle()
        _ = try checked(PQexec(handle, sql))
    }

    /// Sends several statements at once and reads all their results: one network round trip.
    /// A failing statement throws its error; the ones after it are not run.
    /// `plannedEachTime`: the indices of statements sent unprepared (see `PlanChoice.eachTime`).
    public func pipeline(_ statements: [(sql: String, parameters: [(any PostgresBindable)?])], plan: PlanChoice = .automatic,
                         plannedEachTime: Set<Int> = []) throws -> [QueryResult] {
        let handle = try liveHandle()
        try choose(plan)
        // Statements are prepared before the pipeline starts (only the first time).
        let names = try statements.enumerated().map { plannedEachTime.contains($0.offset) ? nil : try preparedName(for: $0.element.sql) }
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
        defer { PQexitPipelineMode(handle) }
        for (statement, name) in zip(statements, names) {
            let texts = statement.parameters.map { $0?.postgresText }
            let sent = withOptionalCStringArray(texts) { pointers in
                if let name {
                    return PQsendQueryPrepared(handle, name, Int32(texts.count), pointers, nil, nil, 1)
                }
                return PQsendQueryParams(handle, statement.sql, Int32(texts.count), nil, pointers, nil, nil, 1)
            }
            guard sent == 1 else { throw connectionError() }
        }
        guard PQpipelineSync(handle) == 1 else { throw connectionError() }

        var results: [QueryResult] = []
        var firstError: PostgresError?
        for _ in statements {
            let result = PQgetResult(handle)
            // Each statement's results end with a NULL.
            while let extra = PQgetResult(handle) { PQclear(extra) }
            do {
                results.append(try checked(result))
            } catch let error as PostgresError {
                if firstError == nil { firstError = error }
            }
        }
        // The sync point closes the pipeline.
        while let tail = PQgetResult(handle) {
            let status = PQresultStatus(tail)
            PQclear(tail)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if let firstError {
            if Self.meansStatementLost(firstError) { disablePreparedStatements() }
            throw firstError
        }
        return results
    }

    // MARK: Transactions

    /// Runs `body` inside BEGIN/COMMIT; any error rolls back and is rethrown. `commit: false`
    /// rolls back even when `body` succeeds: a dry run that does all the work.
    public func transaction<T>(commit: Bool = true, _ body: (PostgresConnection) throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body(self)
            try execute(commit ? "COMMIT" : "ROLLBACK")
            return value
        } catch {
            if !isBroken { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    // MARK: Streaming

    /// Runs a query in single-row mode and hands each row to `handle` as it arrives, so a
    /// result of any size flows through without being held in memory.
    public func stream(_ sql: String, _ parameters: [(any PostgresBindable)?] = [],
                       _ handleRow: (Row) throws -> Void) throws {
        let handle = try liveHandle()
        let texts = parameters.map { $0?.postgresText }
        let sent = withOptionalCStringArray(texts) { pointers in
            PQsendQueryParams(handle, sql, Int32(texts.count), nil, pointers, nil, nil, 1)
        }
        guard sent == 1 else { throw connectionError() }
        guard PQsetSingleRowMode(handle) == 1 else { throw connectionError() }
        var failure: (any Error)?
        while let raw = PQgetResult(handle) {
            if failure != nil {
                PQclear(raw)
                continue
            }
            let status = PQresultStatus(raw)
            if status == PGRES_SINGLE_TUPLE {
                let result = QueryResult(handle: raw)
                do { try handleRow(result.row(0)) } catch {
                    failure = error
                    PQrequestCancel(handle)
                }
            } else {
                do { _ = try checked(raw) } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }

    // MARK: Notifications

    /// LISTENs on a channel (a plain lowercase identifier of parley's own).
    public func listen(_ channel: String) throws {
        guard channel.wholeMatch(of: /[a-z_][a-z0-9_]*/) != nil else {
            throw PostgresError(kind: .server, message: "invalid channel name \(channel)")
        }
        // LISTEN takes an identifier, not a parameter; the name was checked above.
        try execute("LISTEN \(channel)")
    }

    /// Waits up to `timeout` seconds for notifications; returns their payloads (maybe none).
    public func waitForNotifications(timeout: Double) throws -> [(channel: String, payload: String)] {
        let handle = try liveHandle()
        var received: [(String, String)] = []
        func drain() {
            while let notify = PQnotifies(handle) {
                received.append((String(cString: notify.pointee.relname), String(cString: notify.pointee.extra)))
                PQfreemem(notify)
            }
        }
        drain()
        if !received.isEmpty { return received }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(timeout * 1000))
        if ready < 0 && errno != EINTR { throw connectionError() }
        if ready > 0 {
            guard PQconsumeInput(handle) == 1 else { throw connectionError() }
            drain()
        }
        if PQstatus(handle) != CONNECTION_OK { throw connectionError() }
        return received
    }

    // MARK: Helpers

    /// The libpq handle, for extensions in this module (COPY).
    func rawHandle() throws -> OpaquePointer { try liveHandle() }

    /// Checks a result and frees it unless it holds rows.
    func checkedResult(_ result: OpaquePointer?) throws -> QueryResult { try checked(result) }

    private func liveHandle() throws -> OpaquePointer {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connection, message: "the connection to the database is closed")
        }
        return handle
    }

    private func connectionError() -> PostgresError {
        let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "connection closed"
        return PostgresError(kind: .connection, message: Self.firstLine(message))
    }

    private func checked(_ result: OpaquePointer?) throws -> QueryResult {
        guard let result else { throw connectionError() }
        let status = PQresultStatus(result)
        if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_SINGLE_TUPLE {
            return QueryResult(handle: result)
        }
        defer { PQclear(result) }
        if isBroken { throw connectionError() }
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
        }
        let message = field(UInt8(ascii: "M")) ?? Self.firstLine(String(cString: PQresultErrorMessage(result)))
        throw PostgresError(
            kind: .server, message: message, sqlState: field(UInt8(ascii: "C")),
            detail: field(UInt8(ascii: "D")), constraint: field(UInt8(ascii: "n")),
            table: field(UInt8(ascii: "t")))
    }

    static func firstLine(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: true).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown error"
    }
}

private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { UnsafePointer(strdup($0)) } + [nil]
    defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

private func withOptionalCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    if strings.isEmpty { return body(nil) }
    let pointers: [UnsafePointer<CChar>?] = strings.map { $0.map { UnsafePointer(strdup($0)) } }
    defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
