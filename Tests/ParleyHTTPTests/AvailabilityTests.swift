import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import ParleyCore
import ParleyHTTP
import ParleyModeration
import ParleyPostgres
import ParleyTestSupport

/// A live server over a PostgreSQL of its own, stopped (or killed) and started again mid-test.
@Suite(.serialized) struct AvailabilityTests {
    @Test func whenPostgreSQLGoesAwayTheAPIAnswers503AndRecoversByItself() async throws {
        try await Self.withServer { cluster, database, client in
            var response = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            #expect(response.status == .ok)
            try cluster.stop()
            response = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "5")
            #expect(response.errorCode == "database_unavailable")
            response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .serviceUnavailable)
            response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                body: Body.json(["author": ["name": "A"], "body": "while down"]))
            #expect(response.status == .serviceUnavailable)
            try cluster.start(durable: false)
            response = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            #expect(response.status == .ok, "recovers without a restart: \(response.text)")
            response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                body: Body.json(["author": ["name": "A"], "body": "after"]))
            #expect(response.status == .created)
            #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
    }

    /// `kill -9` of the postmaster under a server whose pool holds connections: every route
    /// answers 503 with Retry-After meanwhile, and the first request after the database's
    /// return is served (no broken connection handed out, no backoff before reconnecting).
    @Test func afterThePostmasterIsKilledTheFirstRequestAfterItsReturnIsServed() async throws {
        try await Self.withServer { cluster, database, client in
            let post = { (text: String) in
                try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                         body: Body.json(["author": ["name": "Killed \(text)"], "body": text]))
            }
            // Several pooled connections, all idle when the server dies.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await database.run { connection in _ = try connection.query("SELECT pg_sleep(0.05)") } }
                }
                try await group.waitForAll()
            }
            #expect(database.pool.usage.idle == 4)
            #expect(try await post("before the kill").status == .created)
            guard case .running(let pid) = try cluster.status() else {
                Issue.record("the database does not run")
                return
            }
            kill(pid_t(pid), SIGKILL)
            // Backends that were idle exit within moments of their postmaster.
            var response = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            for _ in 0..<40 where response.status != .serviceUnavailable {
                try await Task.sleep(for: .milliseconds(50))
                response = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            }
            for _ in 0..<3 {
                for response in [try await client.execute(uri: "/api/articles/story/comments", method: .get),
                                 try await post("while killed"), try await client.execute(uri: "/readyz", method: .get)] {
                    #expect(response.status == .serviceUnavailable, "\(response.text)")
                    #expect(response.headers[.retryAfter] == "5")
                    #expect(response.errorCode == "database_unavailable", "\(response.text)")
                }
            }

            #expect(try cluster.start(durable: false) == .recovered)
            let returned = ContinuousClock.now
            response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .ok, "\(response.text)")
            response = try await post("after the kill")
            #expect(response.status == .created, "\(response.text)")
            response = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            #expect(response.status == .ok)
            let took = ContinuousClock.now - returned
            #expect(took < .seconds(1), "served again \(took) after the database returned")
        }
    }

    /// A migrated cluster of its own with an article "story", and a live server over it.
    static func withServer(_ body: @escaping @Sendable (LocalCluster, PostgresDatabase, any TestClientProtocol) async throws -> Void) async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("parley-503-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let cluster = LocalCluster(home: ParleyHome(path: home))
        try cluster.start(durable: false)
        defer { _ = try? cluster.stop() }
        let conninfo = try #require(cluster.configuration?.conninfoString)
        let database = PostgresDatabase(location: DatabaseLocation(conninfo: conninfo, source: .option), maximumConnections: 4,
                                        logger: Logger(label: "test"))
        defer { Task { await database.shutdown() } }
        try await database.migrator(migrations: try Migration.embedded()).migrate()
        _ = try await database.articles.create(NewArticle(key: "story", title: "Story"))
        var configuration = ServerConfiguration()
        configuration.cacheSeconds = 0
        configuration.commentsPerMinutePerAuthor = 0
        configuration.writesPerMinutePerIP = 0
        // Posts answer 503 at once here (no failover wait): these tests are about the answers
        // while the database is away; FailoverTests covers the wait.
        var settings = DiscussionSettings()
        settings.unavailableRetry = .zero
        let services = ParleyServices(configuration: configuration, database: database,
                                      engine: RulesEngine(ruleset: DefaultRuleset.compiled, version: nil), settings: settings,
                                      logger: Logger(label: "test"))
        let app = Application(router: buildRouter(services: services), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(cluster, database, client)
        }
    }
}
