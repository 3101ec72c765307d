import Foundation
import Logging
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

@Suite struct ConnectionPoolTests {
    @Test func aBrokenConnectionIsDetectedAndReplaced() async throws {
        let test = try await TestDatabase.make(connections: 1)
        defer { Task { await test.close() } }
        let firstPID = try await test.database.run { try $0.query("SELECT pg_backend_pid()").first!.decode(0, as: Int.self) }
        let admin = try test.connection()
        defer { admin.close() }
        try admin.execute("SELECT pg_terminate_backend($1)", [firstPID])
        try await Task.sleep(for: .milliseconds(100))
        let secondPID = try await test.database.run { try $0.query("SELECT pg_backend_pid()").first!.decode(0, as: Int.self) }
        #expect(secondPID != firstPID)
    }

    @Test func aConnectionThatBreaksMidQueryIsDroppedAndTheNextCallWorks() async throws {
        let test = try await TestDatabase.make(connections: 1)
        defer { Task { await test.close() } }
        let pid = try await test.database.run { try $0.query("SELECT pg_backend_pid()").first!.decode(0, as: Int.self) }
        await #expect(throws: ParleyError.self) {
            _ = try await test.database.run { connection in
                try connection.execute("SELECT pg_terminate_backend(pg_backend_pid())")
            }
        }
        let next = try await test.database.run { try $0.query("SELECT pg_backend_pid()").first!.decode(0, as: Int.self) }
        #expect(next != pid)
    }

    @Test func thePoolNeverOpensMoreThanItsBound() async throws {
        let test = try await TestDatabase.make(connections: 3)
        defer { Task { await test.close() } }
        let pids = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await test.database.run { connection in
                        try connection.query("SELECT pg_backend_pid() FROM pg_sleep(0.01)").first!.decode(0, as: Int.self)
                    }
                }
            }
            var pids = Set<Int>()
            for try await pid in group { pids.insert(pid) }
            return pids
        }
        #expect(pids.count <= 3)
        #expect(test.database.pool.usage.open <= 3)
    }

    @Test func anUnreachableServerIsReportedAsUnavailable() async throws {
        let database = PostgresDatabase(
            location: DatabaseLocation(conninfo: "host=127.0.0.1 port=1 dbname=x connect_timeout=2", source: .option),
            maximumConnections: 1, logger: Logger(label: "test"))
        defer { Task { await database.shutdown() } }
        do {
            try await database.ping()
            Issue.record("connected to port 1")
        } catch let error as ParleyError {
            #expect(error.kind == .unavailable)
            #expect(!error.message.contains("SELECT"))
        }
    }

    @Test func aMissingSchemaSaysToMigrate() async throws {
        let test = try await TestDatabase.make(migrated: false)
        defer { Task { await test.close() } }
        do {
            _ = try await test.database.articles.find(key: "x")
            Issue.record("found an article without a schema")
        } catch let error as ParleyError {
            #expect(error.code == "schema_missing")
        }
    }

    @Test func bindingAndDecodingRoundTrip() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let date = Date(timeIntervalSince1970: 1_732_000_000.123456)
        let row = try await test.database.run { connection in
            let row = try connection.query(
                "SELECT $1::text, $2::int8, $3::bool, $4::timestamptz, $5::text[], $6::float8, $7::text",
                ["quote ' and \\ and \"", Int64.max, true, date, ["a", "b,c", "d\"e", "ü"], 1.5, nil]).first!
            return (try row.decode(0, as: String.self), try row.decode(1, as: Int64.self), try row.decode(2, as: Bool.self),
                    try row.decode(3, as: Date.self), try row.decode(4, as: [String].self), try row.decode(5, as: Double.self),
                    try row.optional(6, as: String.self))
        }
        #expect(row.0 == "quote ' and \\ and \"")
        #expect(row.1 == Int64.max)
        #expect(row.2)
        #expect(abs(row.3.timeIntervalSince(date)) < 0.000_001)
        #expect(row.4 == ["a", "b,c", "d\"e", "ü"])
        #expect(row.5 == 1.5)
        #expect(row.6 == nil)
    }
}
