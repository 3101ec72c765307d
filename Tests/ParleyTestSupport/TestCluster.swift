import Foundation
import Logging
import ParleyCore
import ParleyPostgres

/// A throwaway PostgreSQL cluster for the test process: created once (fsync off) in a
/// temporary folder, migrated into a template database, and stopped when the process exits.
/// Each test gets its own database cloned from the template, so tests run in parallel.
///
/// With `PARLEY_TEST_PGBOUNCER=1` (scripts/test's second run of the HTTP tests) a PgBouncer in
/// transaction pooling mode runs in front of the cluster, and `pooledConninfo` leads through
/// it; migrations, the template and LISTEN keep to direct connections.
public final class TestCluster: Sendable {
    public let cluster: LocalCluster
    public let configuration: LocalClusterConfiguration
    /// The PgBouncer in front of the cluster, when `PARLEY_TEST_PGBOUNCER=1`.
    public let pgBouncer: TestPgBouncer?

    /// Whether this test process runs its pooled connections through PgBouncer.
    public static var usesPgBouncer: Bool {
        ProcessInfo.processInfo.environment["PARLEY_TEST_PGBOUNCER"] == "1"
    }

    /// `PARLEY_TEST_DATABASE_URL` is not consulted: tests always start their own server.
    public static func shared() async throws -> TestCluster {
        try await startup.value
    }

    private static let startup = Task.detached { () throws -> TestCluster in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let cluster = LocalCluster(home: ParleyHome(path: folder))
        try cluster.start(durable: false)
        guard let configuration = cluster.configuration else { throw ParleyError.localCluster("test cluster has no configuration") }
        // Every suite runs at once, each with its pools, listeners and child `parley` processes:
        // parley's own 200 connections ran out in a full run on a busy machine ("sorry, too many
        // clients already"). The setting needs a restart.
        var postgres = configuration
        postgres.database = "postgres"
        let admin = try PostgresConnection.connect(postgres.conninfoString)
        try admin.execute("ALTER SYSTEM SET max_connections = 600")
        admin.close()
        _ = try cluster.stop()
        try cluster.start(durable: false)
        runningTestCluster = cluster
        atexit {
            if let cluster = runningTestCluster {
                _ = try? cluster.stop()
                try? FileManager.default.removeItem(atPath: cluster.home.path)
            }
        }
        var pgBouncer: TestPgBouncer?
        if usesPgBouncer {
            pgBouncer = try TestPgBouncer.start(folder: folder + "/pgbouncer", serverSocketDirectory: configuration.socketDirectory,
                                                serverPort: configuration.port, user: configuration.superuser)
        }
        let testCluster = TestCluster(cluster: cluster, configuration: configuration, pgBouncer: pgBouncer)
        try await testCluster.createTemplate()
        return testCluster
    }

    init(cluster: LocalCluster, configuration: LocalClusterConfiguration, pgBouncer: TestPgBouncer? = nil) {
        self.cluster = cluster
        self.configuration = configuration
        self.pgBouncer = pgBouncer
    }

    /// Connection string for one of this cluster's databases.
    public func conninfo(database: String) -> String {
        var configuration = self.configuration
        configuration.database = database
        return configuration.conninfoString
    }

    /// Connection string for a pool's connections to one of this cluster's databases: through
    /// PgBouncer when it runs, else the same as `conninfo(database:)`.
    public func pooledConninfo(database: String) -> String {
        pgBouncer?.conninfo(database: database, user: configuration.superuser) ?? conninfo(database: database)
    }

    private func createTemplate() async throws {
        let admin = try PostgresConnection.connect(conninfo(database: "postgres"))
        defer { admin.close() }
        try admin.execute("DROP DATABASE IF EXISTS parley_template")
        try admin.execute("CREATE DATABASE parley_template")
        let database = PostgresDatabase(
            location: DatabaseLocation(conninfo: conninfo(database: "parley_template"), source: .option),
            maximumConnections: 1, logger: Logger(label: "test"))
        try await database.migrator(migrations: try Migration.embedded()).migrate()
        await database.shutdown()
    }

    /// A new, migrated, empty database just for the caller.
    public func makeDatabase(migrated: Bool = true) throws -> String {
        let name = "t_\(TestCluster.counter.next())"
        let admin = try PostgresConnection.connect(conninfo(database: "postgres"))
        defer { admin.close() }
        // Names are parley's own counter, never user text; CREATE DATABASE takes no parameters.
        try admin.execute("CREATE DATABASE \(name) TEMPLATE \(migrated ? "parley_template" : "template0")")
        return name
    }

    static let counter = Counter()
}

nonisolated(unsafe) private var runningTestCluster: LocalCluster?

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
