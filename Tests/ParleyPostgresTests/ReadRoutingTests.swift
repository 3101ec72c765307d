import Foundation
import Logging
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// Reads on a streaming standby (`--read-database`), on a real primary and standby: which
/// server answers is seen through a comment that only the primary has (the standby's replay
/// is paused when it is written).
@Suite(.serialized) struct ReadRoutingTests {
    static func database(_ cluster: TestReplicatedCluster, maximumLag: Double = 5) -> PostgresDatabase {
        let logger = Logger(label: "test")
        let replica = ReadReplica(location: DatabaseLocation(conninfo: cluster.standbyConninfo, source: .option),
                                  maximumConnections: 2, maximumLag: maximumLag, logger: logger)
        return PostgresDatabase(location: DatabaseLocation(conninfo: cluster.primaryConninfo, source: .option),
                                maximumConnections: 4, replica: replica, logger: logger)
    }

    static func bodies(_ database: PostgresDatabase, after position: ReadPosition? = nil) async throws -> [String] {
        let discussion = Discussion(articles: database.articles, comments: database.comments, moderation: ArticleModePolicy())
        let page = try await ReadPosition.$required.withValue(position) {
            try await discussion.thread(ThreadRequest(articleKey: "story", limit: 50))
        }
        return page.threads.map(\.comment.body)
    }

    @Test func aStandbyServesReadsAndAReadThatMustSeeAWriteWaitsForItOrGoesToThePrimary() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let writer = Self.database(cluster)
        defer { Task { await writer.shutdown() } }
        _ = try await writer.articles.create(NewArticle(key: "story", title: "Story"))
        let discussion = Discussion(articles: writer.articles, comments: writer.comments, moderation: ArticleModePolicy())
        _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Early", body: "Replicated"))
        try await cluster.waitForReplay()

        try await cluster.pauseReplay()
        _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Late", body: "Only on the primary"))
        let position = try #require(try await writer.writePosition())

        // A reader with no writes of its own and no position: the standby answers, without the new comment.
        let reader = Self.database(cluster)
        defer { Task { await reader.shutdown() } }
        #expect(try await Self.bodies(reader) == ["Replicated"])
        #expect(reader.replica?.serving == true)

        // The same reader sending the write's position: the standby stays behind, so after the
        // wait the primary answers.
        let started = ContinuousClock.now
        #expect(try await Self.bodies(reader, after: position) == ["Replicated", "Only on the primary"])
        #expect(ContinuousClock.now - started >= .milliseconds(500))

        // The process that wrote sees its own write without sending anything.
        #expect(try await Self.bodies(writer) == ["Replicated", "Only on the primary"])

        // Once the standby replays, a read that must see the write is served without waiting it out.
        try cluster.resumeReplay()
        try await cluster.waitForReplay()
        let again = ContinuousClock.now
        #expect(try await Self.bodies(reader, after: position) == ["Replicated", "Only on the primary"])
        #expect(ContinuousClock.now - again < .milliseconds(500))
    }

    @Test func aStandbyBehindTheLimitClosesToReadsUntilItCatchesUp() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let writer = Self.database(cluster)
        defer { Task { await writer.shutdown() } }
        _ = try await writer.articles.create(NewArticle(key: "story", title: "Story"))
        try await cluster.waitForReplay()
        let reader = Self.database(cluster, maximumLag: 0.3)
        defer { Task { await reader.shutdown() } }
        #expect(try await reader.measureReplicaLag()?.bytes == 0)
        #expect(reader.replica?.serving == true)

        try await cluster.pauseReplay()
        let discussion = Discussion(articles: writer.articles, comments: writer.comments, moderation: ArticleModePolicy())
        _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Late", body: "Only on the primary"))
        #expect(try await Self.bodies(reader) == [], "the paused standby answers")
        // Measured once, then again after the limit: the standby has not replayed the write.
        let first = try #require(await reader.measureReplicaLag())
        #expect(first.bytes > 0)
        try await Task.sleep(for: .milliseconds(600))
        let second = try #require(await reader.measureReplicaLag())
        #expect(second.seconds > 0.3, "\(second)")
        #expect(reader.replica?.serving == false)
        #expect(try await Self.bodies(reader) == ["Only on the primary"], "the primary serves reads meanwhile")

        try cluster.resumeReplay()
        try await cluster.waitForReplay()
        let caughtUp = try #require(await reader.measureReplicaLag())
        #expect(caughtUp.bytes == 0 && caughtUp.seconds == 0)
        #expect(reader.replica?.serving == true)
    }

    @Test func readsGoToThePrimaryWhenTheStandbyIsAway() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let database = Self.database(cluster)
        defer { Task { await database.shutdown() } }
        _ = try await database.articles.create(NewArticle(key: "story", title: "Story"))
        try await cluster.waitForReplay()
        #expect(try await Self.bodies(database) == [])
        let standby = try #require(cluster.standby.pid)
        kill(standby, SIGKILL)
        let discussion = Discussion(articles: database.articles, comments: database.comments, moderation: ArticleModePolicy())
        _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Anna", body: "Still here"))
        #expect(try await Self.bodies(database) == ["Still here"])
        #expect(database.replica?.serving == false)
        #expect(await database.measureReplicaLag() == nil)
    }

    @Test func aLiveCatchUpSeesEveryEventThePrimaryHasEvenWhileTheStandbyLags() async throws {
        let cluster = try await TestReplicatedCluster.start()
        defer { cluster.close() }
        let writer = Self.database(cluster)
        defer { Task { await writer.shutdown() } }
        let article = try await writer.articles.create(NewArticle(key: "story", title: "Story"))
        try await cluster.waitForReplay()
        try await cluster.pauseReplay()
        let discussion = Discussion(articles: writer.articles, comments: writer.comments, moderation: ArticleModePolicy())
        let posted = try await discussion.post(PostRequest(articleKey: "story", authorName: "Late", body: "Only on the primary"))
        let reader = Self.database(cluster)
        defer { Task { await reader.shutdown() } }
        let events = try await reader.liveEvents.events(articleID: article.id, after: 0)
        #expect(events.compactMap(\.comment?.id) == [posted.comment.id], "a paused standby would have shown none")
        try cluster.resumeReplay()
    }
}
