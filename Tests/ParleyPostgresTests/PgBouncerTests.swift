import Foundation
import Logging
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// The PgBouncer that scripts/test puts in front of the HTTP tests' database
/// (PARLEY_TEST_PGBOUNCER=1): it pools in transaction mode, and parley's pool works through it.
@Suite struct PgBouncerTests {
    @Test func clientsShareOneServerConnectionAndParleysPoolWorksThroughIt() async throws {
        let cluster = try await TestCluster.shared()
        let bouncer = try TestPgBouncer.start(
            folder: FileManager.default.temporaryDirectory.appendingPathComponent("parley-pgbouncer-\(getpid())-\(UUID().uuidString.prefix(8))").path,
            serverSocketDirectory: cluster.configuration.socketDirectory, serverPort: cluster.configuration.port,
            user: cluster.configuration.superuser, serverConnections: 1)
        defer { bouncer.stop() }
        let name = try cluster.makeDatabase()
        let conninfo = bouncer.conninfo(database: name, user: cluster.configuration.superuser)

        // Two clients, one server connection: both talk to the same backend.
        let first = try PostgresConnection.connect(conninfo)
        let second = try PostgresConnection.connect(conninfo)
        defer { first.close(); second.close() }
        let backend = "SELECT pg_backend_pid()::int8"
        #expect(try first.query(backend).first?.decode(0, as: Int64.self) == second.query(backend).first?.decode(0, as: Int64.self))

        // parley's repositories through it, from several pooled connections at once.
        let database = PostgresDatabase(location: DatabaseLocation(conninfo: conninfo, source: .option), maximumConnections: 4,
                                        logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    _ = try await database.articles.create(NewArticle(key: "pooled-\(index)", title: "Pooled \(index)"))
                    #expect(try await database.articles.find(key: "pooled-\(index)")?.title == "Pooled \(index)")
                }
            }
            try await group.waitForAll()
        }
        await database.shutdown()

        let pid = try #require(bouncer.pid)
        bouncer.stop()
        #expect(kill(pid, 0) != 0 || Self.isZombie(pid))
        #expect(FileManager.default.fileExists(atPath: bouncer.folder) == false)
    }

    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return true
        }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first == "Z"
    }
}
