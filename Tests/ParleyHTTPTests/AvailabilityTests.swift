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

/// A live server over a PostgreSQL of its own, stopped and started again mid-test.
@Suite(.serialized) struct AvailabilityTests {
    @Test func whenPostgreSQLGoesAwayTheAPIAnswers503AndRecoversByItself() async throws {
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
        let services = ParleyServices(configuration: configuration, database: database,
                                      engine: RulesEngine(ruleset: DefaultRuleset.compiled, version: nil), logger: Logger(label: "test"))
        let app = Application(router: buildRouter(services: services), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
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
}
