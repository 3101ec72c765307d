import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// Reply subscriptions written with the comment (group commit's batch statement and the
/// one-post insert), and the moderator list.
@Suite struct MailRepositoryTests {
    static func subscriptions(_ test: TestDatabase) async throws -> [Int64: String] {
        try await test.database.run { connection in
            var rows: [Int64: String] = [:]
            for row in try connection.query("SELECT comment_id, address FROM reply_subscriptions").rows {
                rows[try row.decode(0)] = try row.decode(1)
            }
            return rows
        }
    }

    @Test func aBatchStoresTheSubscriptionsOfThePostsThatAskedAndNoOthers() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let blocker = try GroupCommitTests.InsertBlocker(test)
        let reader = ReaderIdentity(site: "paper", subject: "u-7", name: "Олена Коваленко", email: "olena@example.org")
        let requests: [(PostRequest, Once<PostResult>?)] = [
            (PostRequest(articleKey: "story", authorName: "First", body: "Blocks the others."), nil),
            (PostRequest(articleKey: "story", authorName: "Ann", email: " ann@example.org ", body: "Notify me.", notify: true), nil),
            (PostRequest(articleKey: "story", authorName: "Bob", email: "bob@example.org", body: "Do not."), nil),
            (PostRequest(articleKey: "story", authorName: "ignored", body: "Signed in, notify me.", identity: reader, notify: true), nil),
            (PostRequest(articleKey: "story", authorName: "Ann", email: "ann@example.org", body: "Again, notify me.", notify: true),
             Once<PostResult>(key: IdempotencyKey(scope: "test", key: "k-1", request: Array("r".utf8))) { _ in StoredAnswer(status: 201, body: []) }),
        ]
        let tasks = try await GroupCommitTests.queue(requests, on: discussion, test: test)
        try blocker.release()
        var ids: [Int64] = []
        for task in tasks { ids.append(try await task.value.comment.id) }
        #expect(await discussion.committer.statistics.largestBatch == 4)
        #expect(try await Self.subscriptions(test) == [ids[1]: "ann@example.org", ids[3]: "olena@example.org", ids[4]: "ann@example.org"])
    }

    @Test func theOnePostInsertStoresTheSubscriptionToo() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let article = try await test.article("story")
        var draft = CommentDraft(articleID: article.id, parentID: nil, authorName: "Ann", authorKey: "ann", email: "ann@example.org",
                                 body: "Alone.", ip: nil, editTokenHash: nil, decision: ModerationDecision(action: .approve, decidedBy: "test"),
                                 trustPromotionThreshold: 3)
        draft.notifyEmail = "ann@example.org"
        let plain = try await test.database.comments.insert(draft)
        draft.kept = KeptAnswer(key: IdempotencyKey(scope: "test", key: "k-2", request: Array("r".utf8)), answer: StoredAnswer(status: 201, body: []))
        let kept = try await test.database.comments.insert(draft)
        draft.kept = nil
        draft.notifyEmail = nil
        let silent = try await test.database.comments.insert(draft)
        #expect(try await Self.subscriptions(test) == [plain.id: "ann@example.org", kept.id: "ann@example.org"])
        #expect(silent.id > kept.id)
    }

    @Test func notifyWithoutAnEmailIsRefusedAndStoresNothing() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        await #expect { try await test.discussion().post(PostRequest(articleKey: "story", authorName: "Ann", body: "Hi", notify: true)) }
            throws: { ($0 as? ParleyError)?.code == "notify_needs_email" }
        let count = try await test.database.run { connection in
            try connection.query("SELECT count(*) FROM comments").first!.decode(0, as: Int.self)
        }
        #expect(count == 0)
    }

    @Test func theModeratorListAddsOnceByAddressAndRemoves() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let mail = test.database.mail
        _ = try await mail.addModerator(address: "Desk@News.example", by: "alice")
        _ = try await mail.addModerator(address: "desk@news.example", by: "bob")
        _ = try await mail.addModerator(address: "night@news.example", by: "bob")
        let list = try await mail.moderators()
        #expect(list.map(\.address) == ["desk@news.example", "night@news.example"])
        #expect(list.map(\.addedBy) == ["bob", "bob"])
        await #expect { try await mail.addModerator(address: "not an address", by: "bob") } throws: {
            ($0 as? ParleyError)?.code == "invalid_email"
        }
        #expect(try await mail.removeModerator(address: "DESK@news.example"))
        #expect(try await !mail.removeModerator(address: "desk@news.example"))
        #expect(try await mail.moderators().map(\.address) == ["night@news.example"])
        // The unsubscribe key is made once and kept.
        let secret = try await mail.unsubscribeSecret()
        #expect(secret.count == 32)
        #expect(try await mail.unsubscribeSecret() == secret)
    }
}
