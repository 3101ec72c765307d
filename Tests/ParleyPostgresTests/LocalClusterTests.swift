import Foundation
import Synchronization
import Testing
import ParleyCore
@testable import ParleyPostgres
import ParleyTestSupport

@Suite(.serialized) struct LocalClusterTests {
    @Test func startAndStopAreIdempotentAndTheClusterSurvivesAKilledServer() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("parley-home-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let cluster = LocalCluster(home: ParleyHome(path: home))
        #expect(try cluster.status() == .notCreated)
        #expect(try cluster.stop() == false)
        #expect(try cluster.start(durable: false) == .created)
        defer { _ = try? cluster.stop() }
        #expect(try cluster.start(durable: false) == .alreadyRunning)
        guard case .running(let pid) = try cluster.status() else {
            Issue.record("not running")
            return
        }
        let configuration = try #require(cluster.configuration)
        #expect(configuration.socketURL.hasPrefix("postgresql://postgres@/parley?host="))

        // The server listens on loopback and the socket only.
        let connection = try PostgresConnection.connect(configuration.conninfoString)
        let listen = try connection.query("SELECT current_setting('listen_addresses'), current_database()").first!
        #expect(try listen.decode(0, as: String.self) == "127.0.0.1")
        #expect(try listen.decode(1, as: String.self) == "parley")
        connection.close()
        let tcp = try PostgresConnection.connect(configuration.tcpURL)
        tcp.close()

        // A killed server is stopped as soon as it is dead, before anyone reaps it (pg_ctl would
        // say it runs until then), and stop has nothing to do.
        kill(pid_t(pid), SIGKILL)
        for _ in 0..<50 where try cluster.status() != .stopped {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try cluster.status() == .stopped)
        #expect(try cluster.stop() == false)
        #expect(try cluster.start(durable: false) == .recovered)
        #expect(try cluster.stop() == true)
        #expect(try cluster.stop() == false)
        #expect(try cluster.status() == .stopped)
        #expect(try cluster.start(durable: false) == .started)
    }

    /// The first start right after `kill -9` of the postmaster: its pid file is stale, its pid
    /// not yet reaped, and a backend busy with a query keeps the shared memory until it ends.
    @Test func theFirstStartAfterAKillWaitsForTheKilledServersProcesses() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("parley-kill-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let cluster = LocalCluster(home: ParleyHome(path: home))
        try cluster.start(durable: false)
        defer { _ = try? cluster.stop() }
        guard case .running(let pid) = try cluster.status() else {
            Issue.record("not running")
            return
        }
        let conninfo = try #require(cluster.configuration?.conninfoString)
        let idle = try PostgresConnection.connect(conninfo)
        defer { idle.close() }
        let busy = try PostgresConnection.connect(conninfo)
        defer { busy.close() }
        // CPU-bound for 3 s of wall-clock time: a backend notices its postmaster's death only when it waits.
        let spinning = Thread {
            _ = try? busy.query("""
                WITH RECURSIVE spin(t) AS (SELECT clock_timestamp()
                    UNION ALL SELECT clock_timestamp() FROM spin WHERE clock_timestamp() < statement_timestamp() + interval '3 seconds')
                SELECT count(*) FROM spin
                """)
        }
        spinning.start()
        try await Task.sleep(for: .milliseconds(300))

        kill(pid_t(pid), SIGKILL)
        let said = Mutex<[String]>([])
        let started = ContinuousClock.now
        #expect(try cluster.start(durable: false) { line in said.withLock { $0.append(line) } } == .recovered)
        let took = ContinuousClock.now - started
        let lines = said.withLock { $0 }
        // At least the busy backend; on a loaded machine the server's other processes may still be exiting too.
        #expect(lines.contains { $0.contains(/waiting for \d+ server process(es)? of the killed server to exit/) }, "\(lines)")
        #expect(took < .seconds(20), "recovering took \(took)")

        let connection = try PostgresConnection.connect(conninfo)
        defer { connection.close() }
        #expect(try connection.query("SELECT 1").count == 1)
    }

    @Test func theLockFileIsReadAsPostgreSQLWritesIt() {
        // PostgreSQL 15's postmaster.pid: pid, data directory, start time, port, socket
        // directory, listen address, shared memory key and id, status.
        let text = "4242\n/var/lib/parley/x/pgdata\n1764000000\n5433\n/tmp/parley-ab\n127.0.0.1\n  5433001     32769\nready   \n"
        let lock = ServerLockFile.parse(text)
        #expect(lock?.pid == 4242)
        #expect(lock?.port == 5433)
        #expect(lock?.sharedMemoryKey == 5_433_001)
        #expect(lock?.sharedMemoryID == 32_769)
        #expect(lock?.socketLockPath == "/tmp/parley-ab/.s.PGSQL.5433.lock")
        // Written in steps: a file cut short still names its pid.
        #expect(ServerLockFile.parse("4242\n/var/lib/x\n")?.sharedMemoryID == nil)
        #expect(ServerLockFile.parse("") == nil)
    }
}
