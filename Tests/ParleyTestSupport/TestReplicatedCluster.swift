import Foundation
import Logging
import ParleyCore
import ParleyPostgres
import Synchronization

/// A throwaway primary with one streaming standby, for tests of read routing, lag and
/// failover. Both servers listen only on unix sockets in a private folder (no TCP port, so
/// nothing else on the machine can reach them and ports never clash), run with fsync off and
/// small buffers, and are stopped by pid in `close()` (also from `deinit`, and at process exit
/// for any a test left behind).
///
/// The primary holds the database `parley`, migrated with parley's migrations; the standby
/// is a `pg_basebackup -R` copy of it, streaming through a replication slot as the role
/// `replicator`. The first cluster of a test process initializes and migrates a seed data
/// folder once; every cluster starts from a copy of it (about a second instead of several).
///
///     let cluster = try await TestReplicatedCluster.start()
///     defer { cluster.close() }
///     // write through cluster.primaryConninfo, read through cluster.standbyConninfo
///     try await cluster.waitForReplay()
public final class TestReplicatedCluster: Sendable {
    /// One of the two servers: its folders, port and connection strings.
    public struct Server: Sendable {
        public let name: String
        public let folder: String
        public let port: Int
        public var dataDirectory: String { folder + "/data" }
        public var socketDirectory: String { folder + "/run" }
        public var logFile: String { folder + "/postgres.log" }

        public func conninfo(database: String = TestReplicatedCluster.database, user: String = "postgres") -> String {
            "host=\(TestServerTools.quoted(socketDirectory)) port=\(port) user=\(TestServerTools.quoted(user)) dbname=\(TestServerTools.quoted(database))"
        }

        /// The postmaster's pid while it runs.
        public var pid: pid_t? { TestProcess.pid(inFile: dataDirectory + "/postmaster.pid") }

        public var isRunning: Bool { pid != nil }
    }

    public enum Shutdown: String, Sendable {
        /// Clients are disconnected, the server writes a checkpoint and stops.
        case fast
        /// The server stops at once, as in a crash; its next start is a recovery.
        case immediate
    }

    /// The database the primary holds, migrated.
    public static let database = "parley"
    /// The role the standby replicates as.
    public static let replicationRole = "replicator"

    public let folder: String
    public let primary: Server
    public let standby: Server
    private let tools: TestServerTools
    private let cleanupKey: Mutex<Int?>

    /// Connection string of the original primary (`database` of it).
    public var primaryConninfo: String { primary.conninfo() }
    /// Connection string of the standby (after `promote()`, the new primary).
    public var standbyConninfo: String { standby.conninfo() }

    /// A libpq multi-host connection string naming the primary first, then the standby:
    /// `target_session_attrs` = `read-write` reaches whichever server accepts writes (the
    /// standby after a promotion), `prefer-standby` / `standby` the one in recovery.
    public func multiHostConninfo(targetSessionAttrs: String = "read-write", database: String = TestReplicatedCluster.database) -> String {
        let hosts = [primary, standby].map(\.socketDirectory).joined(separator: ",")
        let ports = [primary, standby].map { String($0.port) }.joined(separator: ",")
        return "host=\(TestServerTools.quoted(hosts)) port=\(TestServerTools.quoted(ports)) user=postgres "
            + "dbname=\(TestServerTools.quoted(database)) target_session_attrs=\(targetSessionAttrs)"
    }

    // MARK: start

    /// Starts a primary (from the process's migrated seed) and a standby cloned from it with
    /// `pg_basebackup -R`, and returns once the standby streams and has replayed everything.
    public static func start() async throws -> TestReplicatedCluster {
        let seed = try await seed.value
        let tools = seed.tools
        let number = counter.next()
        let folder = "\(seed.base)/\(number)"
        try tools.makePrivateFolder(folder)
        let primary = Server(name: "primary", folder: folder + "/primary", port: 20000 + 2 * number)
        let standby = Server(name: "standby", folder: folder + "/standby", port: 20001 + 2 * number)
        let cluster = TestReplicatedCluster(folder: folder, primary: primary, standby: standby, tools: tools)
        do {
            for server in [primary, standby] {
                try tools.makePrivateFolder(server.folder)
                try tools.makePrivateFolder(server.socketDirectory)
            }
            try tools.run("/bin/cp", ["-a", seed.dataDirectory, primary.dataDirectory])
            try writeSettings(of: primary, tools: tools)
            try startServer(primary, tools: tools)

            let source = "host=\(TestServerTools.quoted(primary.socketDirectory)) port=\(primary.port) user=\(replicationRole) application_name=standby"
            try tools.run("pg_basebackup", [
                "-D", standby.dataDirectory, "-d", source, "--write-recovery-conf", "--wal-method=stream",
                "--checkpoint=fast", "--create-slot", "--slot=standby", "--no-sync",
            ])
            try writeSettings(of: standby, tools: tools)
            try startServer(standby, tools: tools)
            try await cluster.waitForStreaming()
            try await cluster.waitForReplay()
        } catch {
            cluster.close()
            throw error
        }
        return cluster
    }

    private init(folder: String, primary: Server, standby: Server, tools: TestServerTools) {
        self.folder = folder
        self.primary = primary
        self.standby = standby
        self.tools = tools
        self.cleanupKey = Mutex(nil)
        let servers = [primary, standby]
        let key = ExitCleanup.shared.register { Self.stopAll(servers, folder: folder) }
        cleanupKey.withLock { $0 = key }
    }

    deinit {
        close()
    }

    /// Stops both servers (immediate shutdown by pid, then SIGKILL if one lingers) and removes
    /// their folders. Safe to call more than once.
    public func close() {
        guard let key = cleanupKey.withLock({ key -> Int? in
            defer { key = nil }
            return key
        }) else { return }
        ExitCleanup.shared.unregister(key)
        Self.stopAll([primary, standby], folder: folder)
    }

    private static func stopAll(_ servers: [Server], folder: String) {
        for server in servers {
            if let pid = server.pid, TestProcess.works(pid, in: server.dataDirectory) {
                TestProcess.end(pid, signal: SIGQUIT)
            }
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: replication

    /// The primary's current WAL position (`pg_current_wal_lsn()`), as text such as `0/3000148`.
    public func primaryPosition() throws -> String {
        try Self.value(primaryConninfo, "SELECT pg_current_wal_lsn()::text") ?? ""
    }

    /// The last WAL position the standby replayed (`pg_last_wal_replay_lsn()`).
    public func standbyReplayPosition() throws -> String? {
        try Self.value(standbyConninfo, "SELECT pg_last_wal_replay_lsn()::text")
    }

    /// Whether the standby has replayed at least `position`.
    public func standbyHasReplayed(_ position: String) throws -> Bool {
        try Self.value(standbyConninfo, "SELECT (pg_last_wal_replay_lsn() >= $1::pg_lsn)::text", [position]) == "true"
    }

    /// Whether the standby has received (written to its WAL) at least `position`, replayed or not.
    public func standbyHasReceived(_ position: String) throws -> Bool {
        try Self.value(standbyConninfo, "SELECT (pg_last_wal_receive_lsn() >= $1::pg_lsn)::text", [position]) == "true"
    }

    /// Waits until the standby has replayed everything the primary wrote so far.
    public func waitForReplay(timeout: Duration = .seconds(20)) async throws {
        let position = try primaryPosition()
        try await Self.poll("the standby to replay up to \(position)", timeout: timeout) {
            try self.standbyHasReplayed(position)
        }
    }

    /// Stops applying WAL on the standby (`pg_wal_replay_pause()`): it still receives the
    /// primary's changes but shows none of them, i.e. it lags. Returns once replay is paused.
    public func pauseReplay() async throws {
        try Self.value(standbyConninfo, "SELECT pg_wal_replay_pause()::text")
        try await Self.poll("replay on the standby to pause", timeout: .seconds(20)) {
            try Self.value(self.standbyConninfo, "SELECT pg_get_wal_replay_pause_state()") == "paused"
        }
    }

    /// Lets the standby apply WAL again (`pg_wal_replay_resume()`); it then catches up.
    public func resumeReplay() throws {
        try Self.value(standbyConninfo, "SELECT pg_wal_replay_resume()::text")
    }

    public func isReplayPaused() throws -> Bool {
        try Self.value(standbyConninfo, "SELECT pg_get_wal_replay_pause_state()") != "not paused"
    }

    /// Promotes the standby to a primary (`pg_ctl promote`, waiting until it accepts writes).
    /// Stop the primary first (`stopPrimary`), or two servers accept writes.
    public func promote() async throws {
        try tools.run("pg_ctl", ["promote", "-D", standby.dataDirectory, "-w", "-t", "60", "-s"])
        try await Self.poll("the promoted standby to accept writes", timeout: .seconds(30)) {
            try Self.value(self.standbyConninfo, "SELECT (NOT pg_is_in_recovery())::text") == "true"
        }
    }

    /// Stops the primary: `.fast` (a clean shutdown) or `.immediate` (as a crash would).
    /// The standby keeps running and keeps trying to reconnect.
    public func stopPrimary(_ mode: Shutdown = .fast) throws {
        guard primary.isRunning else { return }
        try tools.run("pg_ctl", ["stop", "-D", primary.dataDirectory, "-m", mode.rawValue, "-w", "-t", "60", "-s"])
    }

    /// Starts the primary again after `stopPrimary` (the standby reconnects by itself). Not
    /// after `promote()`: the old primary would come back as a second writable server.
    public func startPrimary() throws {
        guard !primary.isRunning else { return }
        try Self.startServer(primary, tools: tools)
    }

    /// Waits until the primary lists the standby's WAL receiver as streaming, and the standby
    /// says so too.
    public func waitForStreaming(timeout: Duration = .seconds(30)) async throws {
        try await Self.poll("the standby to stream from the primary", timeout: timeout) {
            let sender = try Self.value(self.primaryConninfo,
                                        "SELECT count(*)::text FROM pg_stat_replication WHERE state = 'streaming'")
            let receiver = try Self.value(self.standbyConninfo, "SELECT status FROM pg_stat_wal_receiver")
            return sender == "1" && receiver == "streaming"
        }
    }

    // MARK: helpers

    /// The first column of the first row as text (nil for no row or NULL), over a connection
    /// of its own.
    @discardableResult
    static func value(_ conninfo: String, _ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws -> String? {
        let connection = try PostgresConnection.connect(conninfo, applicationName: "parley-test")
        defer { connection.close() }
        guard let row = try connection.query(sql, parameters).first else { return nil }
        return try row.optional(0, as: String.self)
    }

    /// Polls `condition` every 20 ms until it holds; throws when `timeout` passes first. An
    /// error from the condition counts as "not yet" until the end, then it is thrown.
    static func poll(_ what: String, timeout: Duration, _ condition: @Sendable () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        var lastError: (any Error)?
        while true {
            do {
                if try condition() { return }
                lastError = nil
            } catch {
                lastError = error
            }
            if ContinuousClock.now >= deadline {
                throw ParleyError.localCluster("timed out after \(timeout) waiting for \(what)\(lastError.map { ": \($0)" } ?? "")")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private static func writeSettings(of server: Server, tools: TestServerTools) throws {
        let settings = [
            "listen_addresses = ''",
            "port = \(server.port)",
            "unix_socket_directories = \(TestServerTools.quoted(server.socketDirectory))",
            "unix_socket_permissions = 0700",
            "cluster_name = \(TestServerTools.quoted(server.name))",
            "fsync = off",
            "full_page_writes = off",
            "shared_buffers = '16MB'",
            "max_connections = 100",
            "wal_level = replica",
            "max_wal_senders = 4",
            "max_replication_slots = 4",
            // Feedback from the standby every second, so the primary's view of its lag is fresh.
            "wal_receiver_status_interval = '1s'",
            "hot_standby = on",
            "hot_standby_feedback = on",
            // After the primary goes away, the standby tries it again this often.
            "wal_retrieve_retry_interval = '200ms'",
            "logging_collector = off",
            "log_min_messages = warning",
            "log_line_prefix = '%m [%p] '",
            "jit = off",
        ]
        try tools.write("# Written by TestReplicatedCluster.\n" + settings.joined(separator: "\n") + "\n",
                        to: server.dataDirectory + "/test.conf")
    }

    private static func startServer(_ server: Server, tools: TestServerTools) throws {
        try tools.run("pg_ctl", ["start", "-D", server.dataDirectory, "-l", server.logFile, "-w", "-t", "60", "-s"])
    }

    static let counter = Counter()

    // MARK: seed

    private struct Seed: Sendable {
        let tools: TestServerTools
        /// The folder every cluster of this process lives under; removed at exit.
        let base: String
        var dataDirectory: String { base + "/seed/data" }
    }

    /// initdb, the role `replicator`, the database `parley` migrated, then a clean shutdown:
    /// once per test process.
    private static let seed = Task.detached { () throws -> Seed in
        let tools = try TestServerTools.find()
        let base = TestServerTools.scratchFolder("parley-replicated-\(getpid())")
        try? FileManager.default.removeItem(atPath: base)
        try tools.makePrivateFolder(base)
        _ = ExitCleanup.shared.register { try? FileManager.default.removeItem(atPath: base) }
        let seed = Seed(tools: tools, base: base)
        let server = Server(name: "seed", folder: base + "/seed", port: 20000)
        try tools.makePrivateFolder(server.folder)
        try tools.makePrivateFolder(server.socketDirectory)
        try tools.run("initdb", [
            "-D", server.dataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=reject",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions", "--no-sync",
        ])
        let mainFile = server.dataDirectory + "/postgresql.conf"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: mainFile))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\ninclude 'test.conf'\n".utf8))
        try handle.close()
        try writeSettings(of: server, tools: tools)
        try startServer(server, tools: tools)
        do {
            let admin = try PostgresConnection.connect(server.conninfo(database: "postgres"))
            defer { admin.close() }
            // Constant names of this file; these statements take no parameters.
            try admin.execute("CREATE ROLE \(replicationRole) WITH REPLICATION LOGIN")
            try admin.execute("CREATE DATABASE \(database)")
            let migrated = PostgresDatabase(location: DatabaseLocation(conninfo: server.conninfo(), source: .option),
                                            maximumConnections: 1, logger: Logger(label: "test"))
            do {
                try await migrated.migrator(migrations: try Migration.embedded()).migrate()
            } catch {
                await migrated.shutdown()
                throw error
            }
            await migrated.shutdown()
        } catch {
            if let pid = server.pid { TestProcess.end(pid, signal: SIGQUIT) }
            throw error
        }
        try tools.run("pg_ctl", ["stop", "-D", server.dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"])
        return seed
    }
}
