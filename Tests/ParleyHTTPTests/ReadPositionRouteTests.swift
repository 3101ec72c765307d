import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ParleyCore
import ParleyHTTP
import ParleyModeration
import ParleyPostgres
import ParleyTestSupport
import Testing

/// Read-your-writes over HTTP with a standby serving reads: two "processes" (services) on one
/// primary and standby; the standby's replay is paused after the first comment.
@Suite(.serialized) struct ReadPositionRouteTests {
    static func services(_ cluster: TestReplicatedCluster) -> ParleyServices {
        let logger = Logger(label: "test")
        let replica = ReadReplica(location: DatabaseLocation(conninfo: cluster.standbyConninfo, source: .option),
                                  maximumConnections: 2, logger: logger)
        let database = PostgresDatabase(location: DatabaseLocation(conninfo: cluster.primaryConninfo, source: .option),
                                        maximumConnections: 4, replica: replica, logger: logger)
        var configuration = ServerConfiguration()
        configuration.cacheSeconds = 1
        configuration.writesPerMinutePerIP = 0
        configuration.readsPerMinutePerIP = 0
        configuration.commentsPerMinutePerAuthor = 0
        return ParleyServices(configuration: configuration, database: database,
                              engine: RulesEngine(ruleset: DefaultRuleset.compiled, version: nil), logger: logger)
    }

    static let after = HTTPField.Name("X-Parley-After")!
    static let position = HTTPField.Name("X-Parley-Position")!

    static func bodies(_ response: TestResponse) -> [String] {
        (response.object["comments"] as? [[String: Any]] ?? []).compactMap { $0["body"] as? String }
    }

    @Test func aReaderSendingItsWritesPositionSeesItsCommentWhileTheStandbyLags() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let writer = Self.services(cluster), reader = Self.services(cluster)
        defer { Task { await writer.database.shutdown(); await reader.database.shutdown() } }
        _ = try await writer.database.articles.create(NewArticle(key: "story", title: "Story"))

        try await Application(router: buildRouter(services: writer)).test(.router) { client in
            let first = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                 body: Body.json(["author": ["name": "Early"], "body": "Replicated"]))
            #expect(first.status == .created)
            #expect(first.headers[Self.position].flatMap { ReadPosition($0) } != nil)
            try await cluster.waitForReplay()
            try await cluster.pauseReplay()
            let second = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                  body: Body.json(["author": ["name": "Late"], "body": "Only on the primary"]))
            let position = try #require(second.headers[Self.position])

            try await Application(router: buildRouter(services: reader)).test(.router) { readerClient in
                var response = try await readerClient.execute(uri: "/api/articles/story/comments", method: .get)
                #expect(Self.bodies(response) == ["Replicated"], "the standby answers a reader with nothing to wait for")
                #expect(response.status == .ok)
                response = try await readerClient.execute(uri: "/api/articles/story/comments", method: .get, headers: [Self.after: position])
                #expect(Self.bodies(response) == ["Replicated", "Only on the primary"])
                response = try await readerClient.execute(uri: "/api/counts?articles=story", method: .get, headers: [Self.after: position])
                #expect(response.object["story"] as? Int == 2)
                response = try await readerClient.execute(uri: "/api/articles/story/comments", method: .get, headers: [Self.after: "yesterday"])
                #expect(response.status == .badRequest && response.errorCode == "invalid_position")
                response = try await readerClient.execute(uri: "/api/articles/story/comments", method: .get, headers: [Self.after: ""])
                #expect(Self.bodies(response) == ["Replicated"], "an empty X-Parley-After is no position at all")
                response = try await readerClient.execute(uri: "/readyz", method: .get)
                let replica = try #require(response.object["read_database"] as? [String: Any])
                #expect(replica["serving"] as? Bool == true && replica["max_lag_seconds"] as? Double == 5)
            }
            // The process that wrote sees its writes without a header.
            let own = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            #expect(Self.bodies(own) == ["Replicated", "Only on the primary"])
            try cluster.resumeReplay()
        }
    }
}
