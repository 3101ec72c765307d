import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

@Suite struct PostingTests {
    func count(_ test: TestDatabase, _ table: String) throws -> Int {
        let connection = try test.connection()
        defer { connection.close() }
        // Table names come from the tests' own literals.
        return try connection.query("SELECT count(*) FROM \(table)").first?.decode(0) ?? -1
    }

    func expectRefusal(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected the refusal \(code)", sourceLocation: sourceLocation)
        } catch let error as ParleyError {
            #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func postsAndRepliesAndRecordsTheAuthorAndTheDecision() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let top = try await discussion.post(PostRequest(articleKey: "story", authorName: "Olena", email: "olena@example.org", body: "  First!  "))
        #expect(top.comment.state == .published)
        #expect(top.comment.body == "First!")
        #expect(top.comment.depth == 0 && top.comment.rootID == top.comment.id)
        let reply = try await discussion.post(PostRequest(articleKey: "story", authorName: "OLENA", body: "Second", parentID: top.comment.id))
        #expect(reply.comment.parentID == top.comment.id)
        #expect(reply.comment.depth == 1 && reply.comment.rootID == top.comment.id)
        #expect(reply.comment.authorID == top.comment.authorID, "names differing only in case are one author")

        let author = try #require(try await test.database.authors.find(name: "olena"))
        #expect(author.commentCount == 2 && author.approvedCount == 2)
        #expect(author.email == "olena@example.org")
        #expect(try count(test, "moderation_events") == 2)
        let article = try #require(try await test.database.articles.find(key: "story"))
        #expect(article.visibleCount == 2 && article.totalCount == 2)
    }

    @Test func preModeratedArticlesHoldEveryComment() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("sensitive", mode: .pre)
        let result = try await test.discussion().post(PostRequest(articleKey: "sensitive", authorName: "Ann", body: "Hello"))
        #expect(result.comment.state == .pending)
        #expect(result.decision.reason != nil)
        #expect(result.decision.firedRules.map(\.name) == ["pre-moderation"])
        let article = try #require(try await test.database.articles.find(key: "sensitive"))
        #expect(article.visibleCount == 0 && article.totalCount == 1)
    }

    @Test func everyRefusalStoresNothing() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("open")
        try await test.article("other")
        let discussion = test.discussion(settings: DiscussionSettings(maxBodyLength: 20))
        let foreign = try await discussion.post(PostRequest(articleKey: "other", authorName: "Ann", body: "elsewhere"))
        _ = try await test.database.articles.update(key: "other", changes: ArticleChanges(status: .closed), actor: Actor(.moderator, "test"))
        let before = (try count(test, "comments"), try count(test, "authors"), try count(test, "moderation_events"))

        await expectRefusal("article_closed") {
            _ = try await discussion.post(PostRequest(articleKey: "other", authorName: "Newcomer", body: "Hi"))
        }
        await expectRefusal("article_not_found") {
            _ = try await discussion.post(PostRequest(articleKey: "missing", authorName: "Newcomer", body: "Hi"))
        }
        await expectRefusal("parent_not_found") {
            _ = try await discussion.post(PostRequest(articleKey: "open", authorName: "Newcomer", body: "Hi", parentID: 999_999))
        }
        await expectRefusal("parent_in_other_article") {
            _ = try await discussion.post(PostRequest(articleKey: "open", authorName: "Newcomer", body: "Hi", parentID: foreign.comment.id))
        }
        await expectRefusal("empty_body") {
            _ = try await discussion.post(PostRequest(articleKey: "open", authorName: "Newcomer", body: " \n\t "))
        }
        await expectRefusal("body_too_long") {
            _ = try await discussion.post(PostRequest(articleKey: "open", authorName: "Newcomer", body: String(repeating: "é", count: 21)))
        }
        await expectRefusal("invalid_body") {
            _ = try await discussion.post(PostRequest(articleKey: "open", authorName: "Newcomer", body: "a\u{0}b"))
        }
        await expectRefusal("invalid_name") {
            _ = try await discussion.post(PostRequest(articleKey: "open", authorName: "  ", body: "Hi"))
        }
        await expectRefusal("invalid_email") {
            _ = try await discussion.post(PostRequest(articleKey: "open", authorName: "Newcomer", email: "not-an-email", body: "Hi"))
        }
        await expectRefusal("invalid_ip") {
            _ = try await discussion.post(PostRequest(articleKey: "open", authorName: "Newcomer", body: "Hi", ip: "999.1.1.1"))
        }
        let after = (try count(test, "comments"), try count(test, "authors"), try count(test, "moderation_events"))
        #expect(before == after)
    }

    @Test func twentyCharacterLimitCountsCharactersNotBytes() throws {
        #expect(try TextRules.commentBody(String(repeating: "ü", count: 20), maxLength: 20).count == 20)
        #expect(try TextRules.commentBody("👩‍👩‍👧‍👦", maxLength: 1) == "👩‍👩‍👧‍👦")
    }

    @Test func theDatabaseRefusesAParentFromAnotherArticleEvenWhenTheCheckIsSkipped() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let open = try await test.article("open")
        try await test.article("other")
        let foreign = try await test.discussion().post(PostRequest(articleKey: "other", authorName: "Ann", body: "x"))
        let draft = CommentDraft(
            articleID: open.id, parentID: foreign.comment.id, authorName: "Bob", authorKey: "bob", email: nil, body: "sneaky",
            ip: nil, editTokenHash: nil, decision: ModerationDecision(action: .approve, decidedBy: "test"), trustPromotionThreshold: 3)
        await expectRefusal("parent_not_found") { _ = try await test.database.comments.insert(draft) }
        #expect(try await test.database.authors.find(name: "Bob") == nil, "the author upsert was rolled back with the comment")
    }

    @Test func authorsBecomeRegularAfterThreeApprovedComments() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = test.discussion()
        for index in 1...3 {
            _ = try await discussion.post(PostRequest(articleKey: "a", authorName: "Ann", body: "Comment \(index)"))
            let author = try #require(try await test.database.authors.find(name: "Ann"))
            #expect(author.trust == (index < 3 ? .new : .regular))
        }
    }

    @Test func bannedAuthorsAreRejectedWithTheReason() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        let discussion = test.discussion()
        _ = try await discussion.post(PostRequest(articleKey: "a", authorName: "Troll", body: "first"))
        let connection = try test.connection()
        defer { connection.close() }
        try connection.execute("UPDATE authors SET banned_until = now() + interval '1 day', ban_reason = 'Repeated insults' WHERE name = 'Troll'")
        let result = try await discussion.post(PostRequest(articleKey: "a", authorName: "troll", body: "again"))
        #expect(result.comment.state == .rejected)
        #expect(result.decision.reason?.contains("Repeated insults") == true)
        let author = try #require(try await test.database.authors.find(name: "Troll"))
        #expect(author.rejectedCount == 1)
    }
}
