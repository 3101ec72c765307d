import Crypto
import Foundation
import ParleyCore

/// The private PostgreSQL cluster behind `parley db start|stop|status|url`: created on first
/// start under parley's home, listening on a unix socket and 127.0.0.1 only, and started and
/// stopped idempotently. The server outlives the parley process that started it.
public struct LocalCluster: Sendable {
    public let home: ParleyHome

    public init(home: ParleyHome) {
        self.home = home
    }

    public enum Status: Sendable, Equatable {
        case notCreated
        case stopped
        case running(pid: Int)
    }

    public var configuration: LocalClusterConfiguration? { LocalClusterConfiguration.load(from: home) }

    /// Connection string for the cluster; before it exists, one that will fail to connect.
    public func conninfo() -> String {
        configuration?.conninfo ?? "host=\(LocalClusterConfiguration.quoted(home.appending("run"))) port=5433 user=postgres dbname=parley"
    }

    // MARK: start

    public enum StartOutcome: Sendable, Equatable {
        case created
        case started
        /// Started after its previous server was killed or crashed (a stale lock file).
        case recovered
        case alreadyRunning
    }

    /// Creates the cluster if needed, starts it if stopped, and makes sure the `parley`
    /// database exists. After a killed server it waits for that server's processes to exit
    /// (see LocalCluster+Recovery), telling `progress` what it waits for. `durable: false`
    /// (tests only) turns fsync off when creating.
    @discardableResult
    public func start(durable: Bool = true, progress: @Sendable (String) -> Void = { _ in }) throws -> StartOutcome {
        let programs = try ServerPrograms.find()
        let user = try ServerUser.forCurrentProcess()
        var created = false
        var configuration: LocalClusterConfiguration
        if let existing = self.configuration, FileManager.default.fileExists(atPath: existing.dataDirectory + "/PG_VERSION") {
            configuration = existing
        } else {
            configuration = try create(programs: programs, user: user, durable: durable)
            created = true
        }

        var state = serverState(configuration)
        if case .running = state {
            // A server killed a moment ago may still look alive; then it is recovered below.
            if try ensureDatabase(configuration, progress: progress) { return .alreadyRunning }
            state = serverState(configuration)
        }
        var recovered = false
        if case .killed(let lock) = state {
            progress("The local database's server (pid \(lock.pid)) did not shut down cleanly; recovering.")
            try clearKilledServer(lock, configuration: configuration, progress: progress)
            recovered = true
        }

        try prepareRuntimeDirectories(configuration, user: user)
        if !Self.isPortFree(configuration.port) {
            configuration.port = try Self.freePort(avoiding: configuration.port)
            try configuration.save(to: home)
        }
        try writeServerSettings(configuration, user: user)

        let (program, arguments) = user.command(programs.pgCtl, [
            "start", "-D", configuration.dataDirectory, "-l", configuration.logFile, "-w", "-t", "60", "-s",
        ])
        let outcome = try ProgramRunner.run(program, arguments)
        guard outcome.status == 0 else {
            let log = Self.tail(of: configuration.logFile)
            throw ParleyError.localCluster(
                "The local PostgreSQL server did not start (\(Self.summary(outcome.output, log))); its log is \(configuration.logFile).")
        }
        guard try ensureDatabase(configuration, progress: progress) else {
            throw ParleyError.localCluster("The local PostgreSQL server stopped right after starting; its log is \(configuration.logFile).")
        }
        return created ? .created : recovered ? .recovered : .started
    }

    // MARK: stop, status

    /// Stops the server; true when it was running.
    @discardableResult
    public func stop() throws -> Bool {
        guard let configuration else { return false }
        let programs = try ServerPrograms.find()
        let user = try ServerUser.forCurrentProcess()
        guard case .running = serverState(configuration) else { return false }
        let (program, arguments) = user.command(programs.pgCtl, [
            "stop", "-D", configuration.dataDirectory, "-m", "fast", "-w", "-t", "60", "-s",
        ])
        let outcome = try ProgramRunner.run(program, arguments)
        guard outcome.status == 0 else {
            throw ParleyError.localCluster("The local PostgreSQL server did not stop (\(Self.summary(outcome.output, ""))).")
        }
        return true
    }

    /// Running when the lock file names a live server process of this data directory; not
    /// pg_ctl's answer, which takes a killed server that is not yet reaped for a running one.
    public func status() throws -> Status {
        guard let configuration, FileManager.default.fileExists(atPath: configuration.dataDirectory + "/PG_VERSION") else {
            return .notCreated
        }
        if case .running(let pid) = serverState(configuration) { return .running(pid: Int(pid)) }
        return .stopped
    }

    // MARK: creation

    private func create(programs: ServerPrograms, user: ServerUser, durable: Bool) throws -> LocalClusterConfiguration {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: home.path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])

        // The server account must reach its data; as root under e.g. /root it cannot, so the
        // cluster then lives under /var/lib/parley, keyed by this home's path.
        var root = home.path
        if !user.canTraverse(home.path) {
            let key = Hex.string(SHA256.hash(data: Data(home.path.utf8)).prefix(8))
            root = "/var/lib/parley/\(key)"
            try fileManager.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }

        let port = try Self.freePort(avoiding: nil)
        var socketDirectory = root + "/run"
        // Unix socket paths are limited to about 107 bytes.
        if (socketDirectory + "/.s.PGSQL.\(port)").utf8.count > 100 {
            let key = Hex.string(SHA256.hash(data: Data(root.utf8)).prefix(6))
            socketDirectory = "/tmp/parley-\(key)"
        }
        let configuration = LocalClusterConfiguration(
            dataDirectory: root + "/pgdata", socketDirectory: socketDirectory, logFile: root + "/log/postgres.log",
            port: port, superuser: "postgres", database: "parley",
            password: Self.randomPassword(), durable: durable)

        let dataDirectory = configuration.dataDirectory
        if fileManager.fileExists(atPath: dataDirectory) {
            // A folder left by an interrupted first start; initdb needs it empty.
            let contents = (try? fileManager.contentsOfDirectory(atPath: dataDirectory)) ?? []
            guard contents.isEmpty else {
                throw ParleyError.localCluster("\(dataDirectory) exists but holds no cluster; move it away and run `parley db start` again.")
            }
        } else {
            try fileManager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try user.own(dataDirectory)
        try prepareRuntimeDirectories(configuration, user: user)

        let passwordFile = root + "/log/initdb-password"
        try Data(configuration.password.utf8).write(to: URL(fileURLWithPath: passwordFile))
        chmod(passwordFile, 0o600)
        try user.own(passwordFile)
        defer { unlink(passwordFile) }

        let (program, arguments) = user.command(programs.initdb, [
            "-D", dataDirectory, "-U", configuration.superuser, "--pwfile", passwordFile,
            "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
            "--no-instructions",
        ] + (durable ? [] : ["--no-sync"]))
        let outcome = try ProgramRunner.run(program, arguments)
        guard outcome.status == 0 else {
            throw ParleyError.localCluster("Creating the local PostgreSQL cluster failed (\(Self.summary(outcome.output, ""))).")
        }
        try configuration.save(to: home)
        return configuration
    }

    private func prepareRuntimeDirectories(_ configuration: LocalClusterConfiguration, user: ServerUser) throws {
        let fileManager = FileManager.default
        for directory in [configuration.socketDirectory, (configuration.logFile as NSString).deletingLastPathComponent] {
            if !fileManager.fileExists(atPath: directory) {
                try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            try user.own(directory)
        }
    }

    /// parley's server settings, in a file the server's own postgresql.conf includes.
    private func writeServerSettings(_ configuration: LocalClusterConfiguration, user: ServerUser) throws {
        var settings = [
            "listen_addresses = '127.0.0.1'",
            "port = \(configuration.port)",
            "unix_socket_directories = \(LocalClusterConfiguration.quoted(configuration.socketDirectory))",
            "unix_socket_permissions = 0700",
            "max_connections = 200",
            "shared_buffers = '256MB'",
            // Room for an import's WAL between checkpoints: at the default 1GB, a million-comment
            // import checkpointed every 9 s, rewriting full pages each time.
            "max_wal_size = '4GB'",
            // Large enough that a bulk insert leaves WAL writing to the WAL writer process.
            "wal_buffers = '64MB'",
            "logging_collector = off",
            "log_min_messages = warning",
            "log_line_prefix = '%m [%p] '",
            "jit = off",
            // Crash recovery first syncs the data directory: one syncfs instead of an fsync per
            // file (4 s of a 5 s recovery of a fresh cluster here).
            "recovery_init_sync_method = syncfs",
        ]
        if !configuration.durable {
            settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        }
        let settingsFile = configuration.dataDirectory + "/parley.conf"
        try Data(("# Written by parley db start; rewritten on every start.\n" + settings.joined(separator: "\n") + "\n").utf8)
            .write(to: URL(fileURLWithPath: settingsFile))
        try user.own(settingsFile)

        let mainFile = configuration.dataDirectory + "/postgresql.conf"
        let main = (try? String(contentsOfFile: mainFile, encoding: .utf8)) ?? ""
        if !main.contains("include_if_exists = 'parley.conf'") {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: mainFile))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("\ninclude_if_exists = 'parley.conf'\n".utf8))
        }
    }

    /// Creates the `parley` database on first start; CREATE DATABASE takes no parameters,
    /// and the name is parley's own constant. A running server may still be starting or
    /// recovering from a crash of one of its processes: connecting is retried while it runs.
    /// False when the server stopped running instead.
    private func ensureDatabase(_ configuration: LocalClusterConfiguration, progress: @Sendable (String) -> Void) throws -> Bool {
        var maintenance = configuration
        maintenance.database = "postgres"
        let started = ContinuousClock.now
        var said = false
        var connection: PostgresConnection
        while true {
            do {
                connection = try PostgresConnection.connect(maintenance.conninfo)
                break
            } catch let error as PostgresError where error.meansServerUnavailable && ContinuousClock.now - started < .seconds(60) {
                guard case .running = serverState(configuration) else { return false }
                if !said && ContinuousClock.now - started > .seconds(1) {
                    progress("waiting for the local database's server to accept connections (\(error.message))")
                    said = true
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        defer { connection.close() }
        let exists = try connection.query("SELECT 1 FROM pg_database WHERE datname = $1", [configuration.database]).count > 0
        if !exists {
            try connection.execute("CREATE DATABASE parley")
        }
        return true
    }

    // MARK: helpers

    static func isPortFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0
    }

    /// A free port in 5433...6432, starting at a random offset so parallel test runs spread out.
    static func freePort(avoiding current: Int?) throws -> Int {
        let start = Int.random(in: 0..<1000)
        for step in 0..<1000 {
            let port = 5433 + (start + step) % 1000
            if port != current && isPortFree(port) { return port }
        }
        throw ParleyError.localCluster("No free TCP port between 5433 and 6432 on 127.0.0.1 for the local PostgreSQL server.")
    }

    static func randomPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.string((0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    static func tail(of path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(3).joined(separator: " ")
    }

    static func summary(_ output: String, _ log: String) -> String {
        let text = [output, log].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }.joined(separator: "; ")
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.isEmpty ? "no output" : String(line.prefix(400))
    }
}
