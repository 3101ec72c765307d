import Foundation
import Testing
import ParleyCore
import ParleyModeration
import ParleyPostgres
import ParleyTestSupport

/// The outbox (sql/0015_outbox.sql): every change of WEB.md writes its event in its own
/// transaction, whatever path made it, and nothing for a change that rolled back.
@Suite struct OutboxEventTests {
    struct Event {
        var id: Int64
        var type: String
        var payload: [String: Any]
        var comment: [String: Any]? { payload["comment"] as? [String: Any] }
        var commentID: Int64? { (comment?["id"] as? NSNumber)?.int64Value }
    }

    static func events(_ test: TestDatabase) async throws -> [Event] {
        let rows = try await test.database.run { connection in
            try connection.query("SELECT id, type, payload::text FROM outbox_events ORDER BY id").rows.map {
                (try $0.decode(0, as: Int64.self), try $0.decode(1, as: String.self), try $0.decode(2, as: String.self))
            }
        }
        return try rows.map { id, type, text in
            Event(id: id, type: type, payload: try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:])
        }
    }

    @Test func postsDecisionsReportsBansAndRulesWriteTheirEvents() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("open")
        try await test.article("held", mode: .pre)
        let discussion = test.discussion(settings: DiscussionSettings(reportThreshold: 2))
        let desk = ModerationDesk(repository: test.database.desk)

        let published = try await discussion.post(PostRequest(articleKey: "open", authorName: "Olena", body: "First *thoughts*"))
        let pending = try await discussion.post(PostRequest(articleKey: "held", authorName: "Mark", body: "Wait for me"))
        var events = try await Self.events(test)
        #expect(events.map(\.type) == ["comment.created", "comment.created", "comment.held"])
        let created = events[0].payload
        #expect((created["article"] as? [String: Any])?["key"] as? String == "open")
        #expect(events[0].comment?["body"] as? String == "First *thoughts*")
        #expect(events[0].comment?["state"] as? String == "published")
        #expect((events[0].comment?["author"] as? [String: Any])?["name"] as? String == "Olena")
        #expect(events[0].commentID == published.comment.id)
        #expect((created["decision"] as? [String: Any])?["action"] as? String == "approve")
        #expect((events[0].comment?["created_at"] as? String)?.hasSuffix("Z") == true)
        #expect(events[2].commentID == pending.comment.id)

        _ = try await desk.decide(.approve, target: .ids([pending.comment.id]), moderator: "alice")
        events = try await Self.events(test)
        #expect(events.last?.type == "comment.decided")
        let decision = events.last?.payload["decision"] as? [String: Any]
        #expect(decision?["actor"] as? String == "alice" && decision?["from_state"] as? String == "pending"
                && decision?["to_state"] as? String == "published")

        _ = try await discussion.report(id: published.comment.id, reason: "rude", reporter: "r1")
        #expect(try await Self.events(test).count == events.count, "a report under the threshold is no event")
        _ = try await discussion.report(id: published.comment.id, reason: "off-topic", reporter: "r2")
        events = try await Self.events(test)
        #expect(events.last?.type == "comment.reported")
        let reports = events.last?.payload["reports"] as? [String: Any]
        #expect(reports?["open"] as? Int == 2 && reports?["reasons"] as? [String] == ["rude", "off-topic"])

        _ = try await desk.ban(author: "Mark", until: Date().addingTimeInterval(3600), reason: "Trolling", moderator: "alice", purge: false)
        events = try await Self.events(test)
        #expect(events.last?.type == "author.banned")
        #expect((events.last?.payload["author"] as? [String: Any])?["name"] as? String == "Mark")
        #expect(events.last?.payload["reason"] as? String == "Trolling")

        _ = try await test.database.rulesets.apply(source: "rules: []\n", ruleCount: 0, appliedBy: "alice")
        events = try await Self.events(test)
        #expect(events.last?.type == "rules.changed")
        #expect(events.last?.payload["applied_by"] as? String == "alice" && events.last?.payload["version"] as? Int == 1)
    }

    @Test func aBatchOfPostsWritesOneEventPerCommentInCommentOrder() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let blocker = try GroupCommitTests.InsertBlocker(test)
        let tasks = try await GroupCommitTests.queue((0..<8).map { GroupCommitTests.post("reader-\($0)", "Comment \($0)") },
                                                     on: discussion, test: test)
        try blocker.release()
        var ids: [Int64] = []
        for task in tasks { ids.append(try await task.value.comment.id) }
        let batches = await discussion.committer.statistics
        #expect(batches.largestBatch > 1, "the posts went in a batch")
        let events = try await Self.events(test)
        #expect(events.map(\.type) == Array(repeating: "comment.created", count: 8))
        #expect(events.compactMap(\.commentID) == ids.sorted())
    }

    @Test func aChangeThatRollsBackWritesNothingAndImportsAreQuiet() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let article = try await test.article("story")
        let connection = try test.connection()
        defer { connection.close() }
        try connection.executeScript("""
            BEGIN;
            INSERT INTO authors (name, name_key) VALUES ('Ghost', 'ghost');
            INSERT INTO comments (article_id, author_id, author_name, body, state, root_id, path, depth)
                 SELECT \(article.id), id, 'Ghost', 'never', 'published', 0, '{0}', 0 FROM authors WHERE name_key = 'ghost';
            INSERT INTO moderation_events (kind, article_id, comment_id, actor_type, to_state)
                 SELECT 'post', article_id, id, 'rules', state FROM comments;
            """)
        #expect(try connection.query("SELECT count(*) FROM outbox_events").first?.decode(0, as: Int.self) == 1)
        try connection.execute("ROLLBACK")
        #expect(try await Self.events(test).isEmpty)

        try connection.executeScript("""
            BEGIN;
            SELECT set_config('parley.live_events', 'off', true);
            INSERT INTO moderation_events (kind, actor_type, actor, action, details)
                 VALUES ('rules', 'moderator', 'importer', 'apply', '{"version": 9}');
            COMMIT;
            """)
        #expect(try await Self.events(test).isEmpty)
    }
}
