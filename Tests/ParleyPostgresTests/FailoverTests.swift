import Foundation
import Logging
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// Posting through a primary's failover, on a real primary and standby: the connection string
/// names both servers (`target_session_attrs=read-write`), the primary stops, the standby is
/// promoted, and a post made meanwhile is stored once, late rather than failed.
@Suite(.serialized) struct FailoverTests {
    @Test func aPostDuringAFailoverWaitsForTheNewPrimaryAndIsStoredOnce() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let database = PostgresDatabase(location: DatabaseLocation(conninfo: cluster.multiHostConninfo() + " connect_timeout=2", source: .option),
                                        maximumConnections: 4, logger: Logger(label: "test"))
        defer { Task { await database.shutdown() } }
        var settings = DiscussionSettings()
        settings.unavailableRetry = .seconds(30)
        let discussion = Discussion(articles: database.articles, comments: database.comments, moderation: ArticleModePolicy(),
                                    settings: settings)
        _ = try await database.articles.create(NewArticle(key: "story", title: "Story"))
        _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Before", body: "Posted before the failover"))

        try cluster.stopPrimary(.fast)
        let started = ContinuousClock.now
        let during = Task { try await discussion.post(PostRequest(articleKey: "story", authorName: "During", body: "Posted during the failover")) }
        try await Task.sleep(for: .milliseconds(500))
        try await cluster.promote()
        let posted = try await during.value
        #expect(posted.comment.state == .published)
        #expect(ContinuousClock.now - started < .seconds(30))

        let bodies = try await database.run { connection in
            try connection.query("SELECT body FROM comments ORDER BY id").rows.map { try $0.decode(0, as: String.self) }
        }
        #expect(bodies == ["Posted before the failover", "Posted during the failover"])
        // The pool now speaks to the promoted standby.
        let recovering = try await database.run { try $0.query("SELECT pg_is_in_recovery()").first!.decode(0, as: Bool.self) }
        #expect(!recovering)
    }

    @Test func pastTheWindowAPostFailsAsUnavailable() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let database = PostgresDatabase(location: DatabaseLocation(conninfo: cluster.multiHostConninfo() + " connect_timeout=2", source: .option),
                                        maximumConnections: 4, logger: Logger(label: "test"))
        defer { Task { await database.shutdown() } }
        var settings = DiscussionSettings()
        settings.unavailableRetry = .seconds(1)
        let discussion = Discussion(articles: database.articles, comments: database.comments, moderation: ArticleModePolicy(),
                                    settings: settings)
        _ = try await database.articles.create(NewArticle(key: "story", title: "Story"))
        try cluster.stopPrimary(.fast)
        do {
            _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Late", body: "Nobody takes writes"))
            Issue.record("the post should have failed")
        } catch let error as ParleyError {
            #expect(error.kind == .unavailable, "\(error)")
        }
    }
}
