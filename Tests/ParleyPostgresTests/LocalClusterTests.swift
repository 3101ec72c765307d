import Foundation
import Testing
import ParleyCore
import ParleyPostgres
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

        // A crash of the server (as after a machine restart) leaves a stale pid file behind.
        kill(pid_t(pid), SIGKILL)
        for _ in 0..<100 where try cluster.status() != .stopped {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try cluster.start(durable: false) == .started)
        #expect(try cluster.stop() == true)
        #expect(try cluster.stop() == false)
        #expect(try cluster.status() == .stopped)
        #expect(try cluster.start(durable: false) == .started)
    }
}
