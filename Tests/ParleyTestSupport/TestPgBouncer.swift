import Foundation
import ParleyCore
import ParleyPostgres
import Synchronization

/// A PgBouncer of a test process's own, in transaction pooling mode, in front of one
/// PostgreSQL server: every database name passes through to that server (`* =` in
/// `[databases]`). It listens only on a unix socket in a private folder and trusts whoever
/// reaches it (the folder admits only the server account, and root). Stopped by pid in
/// `stop()` and at process exit.
///
/// Each database gets a pool of `serverConnections` server connections, fewer than a test's
/// pool of client connections, so clients really share server connections between
/// transactions: a session feature (a named prepared statement, LISTEN, a SET) does not last
/// beyond its transaction.
public final class TestPgBouncer: Sendable {
    public let folder: String
    public let port: Int
    private let cleanupKey: Mutex<Int?>

    public var socketDirectory: String { folder + "/run" }
    public var configurationFile: String { folder + "/pgbouncer.ini" }
    public var logFile: String { folder + "/pgbouncer.log" }
    public var pidFile: String { folder + "/pgbouncer.pid" }

    /// PgBouncer's pid while it runs.
    public var pid: pid_t? { TestProcess.pid(inFile: pidFile) }

    /// Connection string for `database` of the server behind this PgBouncer.
    public func conninfo(database: String, user: String = "postgres") -> String {
        "host=\(TestServerTools.quoted(socketDirectory)) port=\(port) user=\(TestServerTools.quoted(user)) dbname=\(TestServerTools.quoted(database))"
    }

    /// Starts PgBouncer in `folder` (created, private) in front of the server listening in
    /// `serverSocketDirectory` on `serverPort`, and waits until it accepts connections.
    public static func start(folder: String, serverSocketDirectory: String, serverPort: Int, user: String = "postgres",
                             serverConnections: Int = 2) throws -> TestPgBouncer {
        let tools = try TestServerTools.find()
        guard let program = findProgram() else {
            throw ParleyError.localCluster("pgbouncer is not installed (apt-get install pgbouncer; scripts/test installs it)")
        }
        try? FileManager.default.removeItem(atPath: folder)
        try tools.makePrivateFolder(folder)
        let bouncer = TestPgBouncer(folder: folder, port: 6432)
        try tools.makePrivateFolder(bouncer.socketDirectory)
        // auth_type trust still wants the user listed.
        try tools.write("\(quotedName(user)) \"\"\n", to: folder + "/userlist.txt")
        let settings = """
            ; Written by TestPgBouncer.
            [databases]
            * = host=\(serverSocketDirectory) port=\(serverPort)

            [pgbouncer]
            unix_socket_dir = \(bouncer.socketDirectory)
            listen_port = \(bouncer.port)
            auth_type = trust
            auth_file = \(folder)/userlist.txt
            pool_mode = transaction
            default_pool_size = \(serverConnections)
            min_pool_size = 0
            reserve_pool_size = 0
            ; Test databases come and go; idle server connections of finished tests close soon,
            ; so the server's max_connections is never reached.
            max_user_connections = 100
            server_idle_timeout = 5
            max_client_conn = 900
            logfile = \(bouncer.logFile)
            pidfile = \(bouncer.pidFile)
            log_connections = 0
            log_disconnections = 0

            """
        try tools.write(settings, to: bouncer.configurationFile)
        do {
            // -d: PgBouncer detaches and writes its pid file before the starting process exits.
            try tools.run(program, ["-d", "-q", bouncer.configurationFile])
            try bouncer.waitUntilReady(timeout: .seconds(20))
        } catch {
            bouncer.stop()
            let log = (try? String(contentsOfFile: bouncer.logFile, encoding: .utf8)) ?? ""
            throw ParleyError.localCluster("PgBouncer did not start: \(error); its log: \(log.suffix(600))")
        }
        return bouncer
    }

    private init(folder: String, port: Int) {
        self.folder = folder
        self.port = port
        self.cleanupKey = Mutex(nil)
        let pidFile = folder + "/pgbouncer.pid"
        let key = ExitCleanup.shared.register { Self.stop(pidFile: pidFile, folder: folder) }
        cleanupKey.withLock { $0 = key }
    }

    deinit {
        stop()
    }

    /// Stops PgBouncer by its pid (SIGTERM: immediate shutdown; SIGKILL if it lingers) and
    /// removes its folder. Safe to call more than once.
    public func stop() {
        guard let key = cleanupKey.withLock({ key -> Int? in
            defer { key = nil }
            return key
        }) else { return }
        ExitCleanup.shared.unregister(key)
        Self.stop(pidFile: pidFile, folder: folder)
    }

    private static func stop(pidFile: String, folder: String) {
        if let pid = TestProcess.pid(inFile: pidFile), TestProcess.runs(pid, program: "pgbouncer") {
            TestProcess.end(pid, signal: SIGTERM)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func waitUntilReady(timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                let connection = try PostgresConnection.connect(conninfo(database: "postgres"), applicationName: "parley-test")
                defer { connection.close() }
                _ = try connection.query("SELECT 1")
                return
            } catch where ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    static func findProgram() -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (path + ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"])
            .map { $0 + "/pgbouncer" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func quotedName(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
