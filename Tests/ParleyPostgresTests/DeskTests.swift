import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// The moderator's desk against a real database.
@Suite struct DeskTests {
    /// An article with held, flagged and published comments from a pre-moderated article.
    func setUp(_ test: TestDatabase) async throws -> (Discussion, ModerationDesk, [Int64]) {
        try await test.article("story", mode: .pre)
        try await test.article("other", mode: .pre)
        let discussion = test.discussion()
        var ids: [Int64] = []
        for (index, author) in ["Ann", "Bob", "Ann", "Cid"].enumerated() {
            ids.append(try await discussion.post(PostRequest(articleKey: index == 3 ? "other" : "story", authorName: author,
                                                             body: "Comment \(index)")).comment.id)
        }
        return (discussion, ModerationDesk(repository: test.database.desk), ids)
    }

    func state(_ test: TestDatabase, _ id: Int64) async throws -> CommentState? {
        try await test.database.comments.find(id: id)?.state
    }

    @Test func theQueueListsWhatWaitsWithFiltersAndOrder() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let (_, desk, ids) = try await setUp(test)
        var page = try await desk.queue(QueueFilter())
        #expect(page.items.map(\.comment.id) == ids)
        #expect(page.total == 4)
        #expect(page.items[0].firedRules.map(\.name) == ["pre-moderation"])
        #expect(page.items[0].author.name == "Ann")
        page = try await desk.queue(QueueFilter(articleKey: "other"))
        #expect(page.items.map(\.comment.id) == [ids[3]])
        page = try await desk.queue(QueueFilter(authorName: "ann", newestFirst: true))
        #expect(page.items.map(\.comment.id) == [ids[2], ids[0]])
        page = try await desk.queue(QueueFilter(rule: "pre-moderation"), limit: 2)
        #expect(page.items.count == 2 && page.nextCursor != nil)
        let rest = try await desk.queue(QueueFilter(rule: "pre-moderation"), after: page.nextCursor, limit: 2)
        #expect(rest.items.map(\.comment.id) == [ids[2], ids[3]])
        page = try await desk.queue(QueueFilter(rule: "insults"))
        #expect(page.items.isEmpty)
        page = try await desk.queue(QueueFilter(olderThan: 3600))
        #expect(page.items.isEmpty)
        page = try await desk.queue(QueueFilter(newerThan: 3600))
        #expect(page.total == 4)
        #expect(try await desk.queue(QueueFilter(view: .spam)).items.isEmpty)
    }

    @Test func decisionsMoveCommentsAndKeepAuthorRecordsAndPromoteTrust() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let (discussion, desk, ids) = try await setUp(test)
        var report = try await desk.decide(.approve, target: .ids([ids[0], ids[2]]), moderator: "alice")
        #expect(report.applied.map(\.id) == [ids[0], ids[2]])
        #expect(try await state(test, ids[0]) == .published)
        var ann = try #require(try await test.database.authors.find(name: "Ann"))
        #expect(ann.approvedCount == 2 && ann.trust == .new)
        // A third approved comment makes Ann regular.
        let third = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "Third"))
        report = try await desk.decide(.approve, target: .ids([third.comment.id]), moderator: "alice")
        #expect(report.promoted == ["Ann"])
        ann = try #require(try await test.database.authors.find(name: "Ann"))
        #expect(ann.trust == .regular && ann.approvedCount == 3)

        report = try await desk.decide(.spam, target: .ids([ids[1]]), moderator: "alice")
        #expect(try await state(test, ids[1]) == .spam)
        #expect(try await test.database.authors.find(name: "Bob")?.spamCount == 1)
        report = try await desk.decide(.restore, target: .ids([ids[1]]), moderator: "alice")
        #expect(try await state(test, ids[1]) == .published)
        let bob = try #require(try await test.database.authors.find(name: "Bob"))
        #expect(bob.spamCount == 0 && bob.approvedCount == 1)
        report = try await desk.decide(.restore, target: .ids([ids[3]]), moderator: "alice")
        #expect(report.applied.isEmpty && report.refused.first?.reason.contains("only rejected, spam or deleted") == true)
        report = try await desk.decide(.approve, target: .ids([999_999]), moderator: "alice")
        #expect(report.refused.first?.reason == "no such comment")
        let log = try await desk.repository.log(LogFilter(actor: "alice", kind: "decision"), limit: 20)
        #expect(log.count == 5)
        #expect(try await desk.repository.log(LogFilter(kind: "trust"), limit: 5).first?.authorName == "Ann")
    }

    @Test func bulkDecisionsByFilter() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let (_, desk, ids) = try await setUp(test)
        let report = try await desk.decide(.reject, target: .filter(QueueFilter(view: .pending, articleKey: "story"), limit: 100),
                                           reason: "off-topic", moderator: "alice")
        #expect(report.applied.map(\.id).sorted() == Array(ids[0...2]))
        #expect(try await state(test, ids[3]) == .pending)
        #expect(try await test.database.authors.find(name: "Ann")?.rejectedCount == 2)
        let limited = try await desk.decide(.approve, target: .filter(QueueFilter(view: .rejected), limit: 1), moderator: "alice")
        #expect(limited.applied.count == 1)
    }

    @Test func aSecondModeratorIsToldWhoDecidedFirstAndNothingIsOverwritten() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let (_, desk, ids) = try await setUp(test)
        let seen = try await desk.queue(QueueFilter()).items[0]
        // Both load the same item; alice decides first.
        _ = try await desk.decide(.approve, target: .ids([seen.comment.id], seenVersions: [seen.comment.id: seen.version]), moderator: "alice")
        let second = try await desk.decide(.reject, target: .ids([seen.comment.id], seenVersions: [seen.comment.id: seen.version]), moderator: "bob")
        #expect(second.applied.isEmpty)
        #expect(second.refused.first?.reason.contains("published by alice") == true)
        #expect(try await state(test, ids[0]) == .published)
        // Without a seen version, another moderator's decision needs an explicit overrule.
        let blind = try await desk.decide(.reject, target: .ids([ids[0]]), moderator: "bob")
        #expect(blind.applied.isEmpty && blind.refused.first?.reason.contains("--force") == true)
        let forced = try await desk.decide(.reject, target: .ids([ids[0]]), moderator: "bob", overrule: true)
        #expect(forced.applied.count == 1)
        // And truly at once: two decisions race for the same comment; exactly one applies.
        let item = try await desk.queue(QueueFilter()).items[0]
        async let one = desk.decide(.approve, target: .ids([item.comment.id], seenVersions: [item.comment.id: item.version]), moderator: "alice")
        async let two = desk.decide(.spam, target: .ids([item.comment.id], seenVersions: [item.comment.id: item.version]), moderator: "bob")
        let outcomes = try await [one, two]
        #expect(outcomes.map(\.applied.count).reduce(0, +) == 1)
        #expect(outcomes.map(\.refused.count).reduce(0, +) == 1)
    }

    @Test func readerReportsHideAndAModeratorsApprovalRestoresAndDismisses() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("open")
        let discussion = test.discussion(settings: DiscussionSettings(reportThreshold: 2))
        let desk = ModerationDesk(repository: test.database.desk)
        let posted = try await discussion.post(PostRequest(articleKey: "open", authorName: "Ann", body: "Provocative"))
        _ = try await discussion.report(id: posted.comment.id, reason: "rude", reporter: "r1")
        _ = try await discussion.report(id: posted.comment.id, reason: "spam", reporter: "r2")
        let reported = try await desk.queue(QueueFilter(view: .reported))
        #expect(reported.items.map(\.comment.id) == [posted.comment.id])
        #expect(reported.items[0].openReports == ["rude", "spam"])
        #expect(try await test.database.authors.find(name: "Ann")?.approvedCount == 0)
        let item = reported.items[0]
        _ = try await desk.decide(.approve, target: .ids([item.comment.id], seenVersions: [item.comment.id: item.version]), moderator: "alice")
        #expect(try await state(test, posted.comment.id) == .published)
        #expect(try await desk.repository.item(id: posted.comment.id)?.openReports == [])
        #expect(try await test.database.authors.find(name: "Ann")?.approvedCount == 1)
        // Undo puts it back as it was, reports open again.
        try await desk.undo(commentID: posted.comment.id, to: .reported, expectedVersion: item.version + 1, moderator: "alice")
        #expect(try await state(test, posted.comment.id) == .reported)
        #expect(try await desk.repository.item(id: posted.comment.id)?.openReports.count == 2)
        #expect(try await test.database.authors.find(name: "Ann")?.approvedCount == 0)
        await #expect(throws: ParleyError.self) {
            try await desk.undo(commentID: posted.comment.id, to: .published, expectedVersion: item.version + 1, moderator: "alice")
        }
    }

    @Test func timedBansRejectUntilTheyExpireAndPurgeHidesPendingComments() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let (discussion, desk, ids) = try await setUp(test)
        let (_, purged) = try await desk.ban(author: "Ann", until: Date().addingTimeInterval(3600), reason: "Insults", moderator: "alice", purge: true)
        #expect(purged == 2)
        #expect(try await state(test, ids[0]) == .rejected)
        let refused = try await discussion.post(PostRequest(articleKey: "story", authorName: "ann", body: "Let me back"))
        #expect(refused.comment.state == .rejected)
        #expect(refused.decision.reason?.contains("Insults") == true)
        // An expired ban no longer applies.
        _ = try await desk.ban(author: "Ann", until: Date().addingTimeInterval(-1), reason: nil, moderator: "alice", purge: false)
        let again = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "Back"))
        #expect(again.comment.state == .pending)
        _ = try await desk.ban(author: "Ann", until: .distantFuture, reason: nil, moderator: "alice", purge: false)
        #expect(try await desk.repository.authors(AuthorFilter(bannedOnly: true), limit: 10).map(\.name) == ["Ann"])
        _ = try await desk.unban(author: "Ann", moderator: "alice")
        #expect(try await desk.repository.authors(AuthorFilter(bannedOnly: true), limit: 10).isEmpty)
        // A name can be banned before it ever posts.
        _ = try await desk.ban(author: "Troll 2000", until: .distantFuture, reason: "Known troll", moderator: "alice", purge: false)
        #expect(try await discussion.post(PostRequest(articleKey: "story", authorName: "troll 2000", body: "hi")).comment.state == .rejected)
        let kinds = try await desk.repository.log(LogFilter(actor: "alice"), limit: 20).map(\.kind)
        #expect(kinds.filter { $0 == "ban" }.count == 4 && kinds.contains("unban"))
    }

    @Test func trustIsSetAndTakenBackByAModerator() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let (_, desk, _) = try await setUp(test)
        #expect(try await desk.trust(author: "Bob", moderator: "alice").trust == .trusted)
        #expect(try await desk.untrust(author: "Bob", moderator: "alice").trust == .new)
        await #expect(throws: ParleyError.authorNotFound("Nobody")) { _ = try await desk.trust(author: "Nobody", moderator: "alice") }
        let entries = try await desk.repository.log(LogFilter(kind: "trust"), limit: 5)
        #expect(entries.first?.details.contains("\"to\": \"new\"") == true)
    }
}
