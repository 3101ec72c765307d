import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

@Suite struct CommentChangeTests {
    let moderator = Actor(.moderator, "tester")

    @Test func editKeepsHistoryAndIsModeratedAgain() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = test.discussion()
        let posted = try await discussion.post(PostRequest(articleKey: "a", authorName: "Ann", body: "first text"))
        let edited = try await discussion.edit(id: posted.comment.id, body: "second text", editor: moderator)
        #expect(edited.comment.body == "second text")
        #expect(edited.comment.editedAt != nil)
        _ = try await discussion.edit(id: posted.comment.id, body: "third text", editor: moderator)

        let connection = try test.connection()
        defer { connection.close() }
        let history = try connection.query("SELECT body FROM comment_edits WHERE comment_id = $1 ORDER BY id", [posted.comment.id])
        #expect(try history.rows.map { try $0.decode(0, as: String.self) } == ["first text", "second text"])

        // Switching the article to pre-moderation: the next edit holds the comment.
        _ = try await test.database.articles.update(key: "a", changes: ArticleChanges(mode: .pre), actor: moderator)
        let held = try await discussion.edit(id: posted.comment.id, body: "fourth text", editor: moderator)
        #expect(held.comment.state == .pending)
        // An edit never makes a hidden comment visible again.
        _ = try await test.database.articles.update(key: "a", changes: ArticleChanges(mode: .post), actor: moderator)
        let still = try await discussion.edit(id: posted.comment.id, body: "fifth text", editor: moderator)
        #expect(still.comment.state == .pending)
        let events = try connection.query("SELECT count(*) FROM moderation_events WHERE kind = 'edit' AND comment_id = $1", [posted.comment.id])
        #expect(try events.first?.decode(0, as: Int.self) == 4)
    }

    @Test func editRefusesEmptyDeletedAndUnknownComments() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = test.discussion()
        let posted = try await discussion.post(PostRequest(articleKey: "a", authorName: "Ann", body: "text"))
        await #expect(throws: ParleyError.self) { _ = try await discussion.edit(id: posted.comment.id, body: "  ", editor: moderator) }
        await #expect(throws: ParleyError.commentNotFound(424242)) { _ = try await discussion.edit(id: 424242, body: "x", editor: moderator) }
        _ = try await discussion.delete(id: posted.comment.id, actor: moderator)
        await #expect(throws: ParleyError.self) { _ = try await discussion.edit(id: posted.comment.id, body: "again", editor: moderator) }
        await #expect(throws: ParleyError.self) { _ = try await discussion.delete(id: posted.comment.id, actor: moderator) }
    }

    @Test func aStaleEditIsRefusedInsteadOfOverwriting() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = test.discussion()
        let posted = try await discussion.post(PostRequest(articleKey: "a", authorName: "Ann", body: "v1"))
        let context = try #require(try await test.database.comments.editingContext(id: posted.comment.id, facts: FactRequest()))
        _ = try await discussion.edit(id: posted.comment.id, body: "v2", editor: moderator)
        let stale = CommentEdit(commentID: posted.comment.id, expectedVersion: context.version, body: "v3", state: .published,
                                decision: ModerationDecision(action: .approve, decidedBy: "test"), editor: moderator)
        do {
            _ = try await test.database.comments.applyEdit(stale)
            Issue.record("a stale edit was applied")
        } catch let error as ParleyError {
            #expect(error.code == "edit_conflict")
        }
        #expect(try await test.database.comments.find(id: posted.comment.id)?.body == "v2")
    }

    @Test func reportsFromDistinctReadersPastTheThresholdHideTheComment() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = test.discussion(settings: DiscussionSettings(reportThreshold: 3))
        let posted = try await discussion.post(PostRequest(articleKey: "a", authorName: "Ann", body: "controversial"))
        var outcome = try await discussion.report(id: posted.comment.id, reason: "insulting", reporter: "r1")
        #expect(outcome.openReports == 1 && !outcome.hidden)
        outcome = try await discussion.report(id: posted.comment.id, reason: "again", reporter: "R1")
        #expect(outcome.duplicate && outcome.openReports == 1, "the same reporter counts once")
        outcome = try await discussion.report(id: posted.comment.id, reason: "spam", reporter: "r2")
        #expect(!outcome.hidden)
        outcome = try await discussion.report(id: posted.comment.id, reason: "off-topic", reporter: "r3")
        #expect(outcome.hidden && outcome.openReports == 3)
        #expect(try await test.database.comments.find(id: posted.comment.id)?.state == .reported)
        let page = try await discussion.thread(ThreadRequest(articleKey: "a"))
        #expect(page.threads.isEmpty)
        await #expect(throws: ParleyError.self) { _ = try await discussion.report(id: posted.comment.id, reason: " ", reporter: "r4") }
        await #expect(throws: ParleyError.commentNotFound(9_999_999)) {
            _ = try await discussion.report(id: 9_999_999, reason: "x", reporter: "r4")
        }
    }

    @Test func oneVotePerVoterAndNoSelfVotes() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = test.discussion()
        let posted = try await discussion.post(PostRequest(articleKey: "a", authorName: "Ann", body: "vote on me"))
        #expect(try await discussion.vote(id: posted.comment.id, value: 1, voter: "Bob") == 1)
        #expect(try await discussion.vote(id: posted.comment.id, value: 1, voter: "bob") == 1)
        #expect(try await discussion.vote(id: posted.comment.id, value: 1, voter: "Cid") == 2)
        #expect(try await discussion.vote(id: posted.comment.id, value: -1, voter: "Bob") == 0)
        await #expect(throws: ParleyError.self) { _ = try await discussion.vote(id: posted.comment.id, value: 1, voter: "ANN") }
        await #expect(throws: ParleyError.self) { _ = try await discussion.vote(id: posted.comment.id, value: 2, voter: "Dee") }
        let connection = try test.connection()
        defer { connection.close() }
        let row = try connection.query("SELECT score, upvotes, downvotes FROM comments WHERE id = $1", [posted.comment.id]).first!
        #expect(try row.decode(0, as: Int.self) == 0 && row.decode(1, as: Int.self) == 1 && row.decode(2, as: Int.self) == 1)
        #expect(try connection.query("SELECT count(*) FROM votes").first?.decode(0, as: Int.self) == 2)
    }
}
