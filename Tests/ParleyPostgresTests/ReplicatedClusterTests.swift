import Foundation
import Logging
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// The primary + streaming standby that integration tests of read routing and failover run
/// on: rows reach the standby by replay, paused replay is lag, and a promoted standby takes
/// writes through a multi-host connection string.
@Suite struct ReplicatedClusterTests {
    @Test func anArticleWrittenOnThePrimaryIsReadOnTheStandbyAfterReplay() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let primary = Self.database(cluster.primaryConninfo)
        let standby = Self.database(cluster.standbyConninfo)
        defer { Task { await primary.shutdown(); await standby.shutdown() } }

        _ = try await primary.articles.create(NewArticle(key: "replicated", title: "Replicated"))
        try await cluster.waitForReplay()
        #expect(try await standby.articles.find(key: "replicated")?.title == "Replicated")

        // The standby is read-only: a write fails there with 25006 (read_only_sql_transaction).
        let connection = try PostgresConnection.connect(cluster.standbyConninfo)
        defer { connection.close() }
        let refusal = #expect(throws: PostgresError.self) { try connection.execute("DELETE FROM articles") }
        #expect(refusal?.sqlState == "25006")

        // prefer-standby reaches the standby, read-write the primary.
        #expect(try Self.port(cluster.multiHostConninfo(targetSessionAttrs: "prefer-standby")) == cluster.standby.port)
        #expect(try Self.port(cluster.multiHostConninfo(targetSessionAttrs: "read-write")) == cluster.primary.port)
    }

    @Test func pausedReplayMakesTheStandbyLagUntilItResumes() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let primary = Self.database(cluster.primaryConninfo)
        let standby = Self.database(cluster.standbyConninfo)
        defer { Task { await primary.shutdown(); await standby.shutdown() } }

        try await cluster.pauseReplay()
        #expect(try cluster.isReplayPaused())
        _ = try await primary.articles.create(NewArticle(key: "late", title: "Late"))
        let position = try cluster.primaryPosition()
        // The standby has the change in its WAL but does not show it: it lags.
        try await Self.poll { try cluster.standbyHasReceived(position) }
        #expect(try cluster.standbyHasReplayed(position) == false)
        #expect(try await standby.articles.find(key: "late") == nil)

        try cluster.resumeReplay()
        try await cluster.waitForReplay()
        #expect(try cluster.isReplayPaused() == false)
        #expect(try await standby.articles.find(key: "late")?.title == "Late")
    }

    @Test func afterThePrimaryStopsThePromotedStandbyTakesWritesThroughTheMultiHostConninfo() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let primary = Self.database(cluster.primaryConninfo)
        _ = try await primary.articles.create(NewArticle(key: "before", title: "Before the failover"))
        await primary.shutdown()
        try await cluster.waitForReplay()

        let writable = cluster.multiHostConninfo(targetSessionAttrs: "read-write")
        try cluster.stopPrimary(.immediate)
        #expect(cluster.primary.isRunning == false)
        // No server accepts writes now: the standby alone is read-only.
        #expect(throws: PostgresError.self) { try PostgresConnection.connect(writable).close() }

        try await cluster.promote()
        #expect(try Self.port(writable) == cluster.standby.port)
        let promoted = Self.database(writable)
        defer { Task { await promoted.shutdown() } }
        #expect(try await promoted.articles.find(key: "before")?.title == "Before the failover")
        _ = try await promoted.articles.create(NewArticle(key: "after", title: "After the failover"))
        #expect(try await promoted.articles.find(key: "after") != nil)
    }

    @Test func closeStopsBothServersAndRemovesTheirFolder() async throws {
        let cluster = try await TestReplicatedCluster.start()
        let pids = [cluster.primary.pid, cluster.standby.pid].compactMap { $0 }
        #expect(pids.count == 2)
        cluster.close()
        for pid in pids { #expect(kill(pid, 0) != 0 || Self.isZombie(pid)) }
        #expect(FileManager.default.fileExists(atPath: cluster.folder) == false)
        cluster.close()
    }

    // MARK: helpers

    static func database(_ conninfo: String) -> PostgresDatabase {
        PostgresDatabase(location: DatabaseLocation(conninfo: conninfo, source: .option), maximumConnections: 2,
                         logger: Logger(label: "test"))
    }

    /// The port of the server a connection string reaches.
    static func port(_ conninfo: String) throws -> Int {
        let connection = try PostgresConnection.connect(conninfo)
        defer { connection.close() }
        return Int(try connection.query("SELECT current_setting('port')").first?.decode(0, as: String.self) ?? "") ?? 0
    }

    static func poll(timeout: Duration = .seconds(20), _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw Timeout() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct Timeout: Error {}

    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return true
        }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first == "Z"
    }
}
