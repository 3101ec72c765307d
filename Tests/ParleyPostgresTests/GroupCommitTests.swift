import Foundation
import Testing
import ParleyCore
import ParleyModeration
import ParleyPostgres
import ParleyTestSupport

/// Group commit (`PostCommitter`): posts that arrive while a commit is in flight go together
/// in the next one. A test holds a lock that stops the first post's insert, queues more
/// posts behind it in a known order, then lets go.
@Suite struct GroupCommitTests {
    /// A transaction that holds `comments` in SHARE mode: inserts wait until `release()`.
    final class InsertBlocker: @unchecked Sendable {
        let connection: PostgresConnection

        init(_ test: TestDatabase) throws {
            connection = try test.connection()
            try connection.executeScript("BEGIN; LOCK TABLE comments IN SHARE MODE")
        }

        /// Runs inside the blocking transaction: visible to the batches after the first.
        func meanwhile(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws {
            _ = try connection.query(sql, parameters)
        }

        func release() throws {
            try connection.execute("COMMIT")
            connection.close()
        }
    }

    static func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting until \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Starts posts one after another, each queued behind the blocked first one before the
    /// next starts, so the batch holds them in this order.
    static func queue(_ requests: [(PostRequest, Once<PostResult>?)], on discussion: Discussion, test: TestDatabase)
        async throws -> [Task<PostResult, any Error>] {
        var tasks: [Task<PostResult, any Error>] = []
        for (index, (request, once)) in requests.enumerated() {
            tasks.append(Task { try await discussion.post(request, once: once) })
            if index == 0 {
                try await eventually("the first insert waits for the lock") {
                    try await test.database.run { connection in
                        try connection.query("""
                            SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                            """).first!.decode(0, as: Int.self) == 1
                    }
                }
            } else {
                try await eventually("post \(index) waits for the commit") { await discussion.committer.waiting == index }
            }
        }
        return tasks
    }

    static func post(_ name: String, _ body: String, article: String = "story", parent: Int64? = nil, ip: String? = nil,
                     identity: ReaderIdentity? = nil) -> (PostRequest, Once<PostResult>?) {
        (PostRequest(articleKey: article, authorName: name, body: body, parentID: parent, ip: ip, identity: identity), nil)
    }

    static func engine(_ yaml: String) throws -> RulesEngine {
        RulesEngine(ruleset: try CompiledRuleset.compile(yaml), version: nil)
    }

    @Test func postsArrivingDuringACommitAreCommittedTogetherAndAnsweredAfterIt() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let blocker = try InsertBlocker(test)
        let tasks = try await Self.queue((0..<10).map { Self.post("reader-\($0 % 3)", "Comment number \($0)") },
                                         on: discussion, test: test)
        // Nothing is answered before the commit that holds it.
        try await Task.sleep(for: .milliseconds(100))
        #expect(await discussion.committer.statistics.batches == 0)
        try blocker.release()
        var results: [PostResult] = []
        for task in tasks { results.append(try await task.value) }

        let statistics = await discussion.committer.statistics
        #expect(statistics.batches == 2 && statistics.posts == 10 && statistics.largestBatch == 9)
        #expect(results.map(\.comment.body) == (0..<10).map { "Comment number \($0)" })
        #expect(results.map(\.comment.id) == results.map(\.comment.id).sorted(), "ids in arrival order")
        #expect(results.allSatisfy { $0.comment.state == .published && $0.comment.html?.hasPrefix("<p>Comment number") == true })
        // Authors upserted once per author with the batch's totals; counts and log entries for all.
        for reader in 0..<3 {
            let author = try #require(try await test.database.authors.find(name: "reader-\(reader)"))
            let posted = (0..<10).filter { $0 % 3 == reader }.count
            #expect(author.commentCount == posted && author.approvedCount == posted)
        }
        let article = try #require(try await test.database.articles.find(key: "story"))
        #expect(article.visibleCount == 10 && article.totalCount == 10)
        let logged = try await test.database.run { connection in
            try connection.query("SELECT count(*) FROM moderation_events WHERE kind = 'post'").first!.decode(0, as: Int.self)
        }
        #expect(logged == 10)
        let thread = try await discussion.thread(ThreadRequest(articleKey: "story"))
        #expect(thread.threads.count == 10)
    }

    @Test func withGroupCommitOffEachPostCommitsOnItsOwn() async throws {
        let test = try await TestDatabase.make(connections: 8)
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion(settings: DiscussionSettings(groupCommit: false))
        let blocker = try InsertBlocker(test)
        let tasks = (0..<3).map { index in
            Task { try await discussion.post(PostRequest(articleKey: "story", authorName: "Solo \(index)", body: "Alone \(index)")) }
        }
        // All three inserts wait for the lock at once: none waits for another's commit.
        try await Self.eventually("three inserts wait for the lock") {
            try await test.database.run { connection in
                try connection.query("""
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                    """).first!.decode(0, as: Int.self) == 3
            }
        }
        #expect(await discussion.committer.waiting == 0)
        try blocker.release()
        for task in tasks { #expect(try await task.value.comment.state == .published) }
        #expect(await discussion.committer.statistics.batches == 0)
    }

    @Test func signedInAndAnonymousAuthorsOfOneBatchEachGetOneRecord() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let olena = ReaderIdentity(site: "paper", subject: "u-1", name: "Olena K.", email: "olena@example.org")
        let renamed = ReaderIdentity(site: "paper", subject: "u-1", name: "Olena Kovalenko")
        let blocker = try InsertBlocker(test)
        let tasks = try await Self.queue([
            Self.post("First", "Blocked behind the lock"),
            Self.post("", "Signed in", identity: olena),
            Self.post("Anna", "Anonymous"),
            Self.post("", "Signed in again, renamed", identity: renamed),
            Self.post("ANNA", "Anonymous again"),
        ], on: discussion, test: test)
        try blocker.release()
        var results: [PostResult] = []
        for task in tasks { results.append(try await task.value) }
        #expect(results[1].comment.authorID == results[3].comment.authorID)
        #expect(results[2].comment.authorID == results[4].comment.authorID)
        #expect(results[1].comment.authorVerified && !results[2].comment.authorVerified)
        let rows = try await test.database.run { connection in
            try connection.query("SELECT name, email, comment_count, verified FROM authors WHERE name <> 'First' ORDER BY id").rows
                .map { "\(try $0.decode(0, as: String.self)) \(try $0.optional(1, as: String.self) ?? "-") \(try $0.decode(2, as: Int.self)) \(try $0.decode(3, as: Bool.self))" }
        }
        // The signed-in reader's record follows the latest name; the anonymous one keeps the first.
        #expect(rows.sorted() == ["Anna - 2 false", "Olena Kovalenko olena@example.org 2 true"])
    }

    @Test func oneRefusedPostNeverFailsTheOthersInItsBatch() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        try await test.article("closing")
        let discussion = test.discussion(moderation: try Self.engine("""
            version: 1
            rules:
              - {name: threats, when: {body: {words: ["kill you"]}}, action: reject, reason: No threats}
            """))
        let parent = try await discussion.post(PostRequest(articleKey: "story", authorName: "Parent", body: "Reply to me")).comment
        let key = IdempotencyKey(scope: "test", key: "once", request: Array("same".utf8))
        let once = Once<PostResult>(key: key) { StoredAnswer(status: 201, body: Array("{\"id\":\($0.comment.id)}".utf8)) }
        let blocker = try InsertBlocker(test)
        let tasks = try await Self.queue([
            Self.post("First", "Blocked behind the lock"),
            Self.post("Fine", "A fine comment"),
            Self.post("Late", "Too late", article: "closing"),
            Self.post("Angry", "I will kill you"),
            (PostRequest(articleKey: "story", authorName: "Keyed", body: "Once only"), once),
            (PostRequest(articleKey: "story", authorName: "Keyed", body: "Once only"), once),
            Self.post("Fine too", "Another fine comment"),
        ], on: discussion, test: test)
        // Visible to the second batch only: the article closes.
        try blocker.meanwhile("UPDATE articles SET status = 'closed' WHERE key = 'closing'")
        try blocker.release()
        var outcomes: [Result<PostResult, any Error>] = []
        for task in tasks { outcomes.append(await task.result) }

        #expect(try outcomes[0].get().comment.state == .published)
        #expect(try outcomes[1].get().comment.state == .published)
        #expect((outcomes[2].error as? ParleyError)?.code == "article_closed")
        let angry = try outcomes[3].get()
        #expect(angry.comment.state == .rejected && angry.decision.firedRules.map(\.name) == ["threats"])
        let first = try outcomes[4].get()
        #expect(first.answer.map { String(decoding: $0.body, as: UTF8.self) } == "{\"id\":\(first.comment.id)}")
        // The second post with the key waited for the next batch and got the first one's answer.
        #expect((outcomes[5].error as? AnsweredBefore)?.answer == first.answer)
        #expect(try outcomes[6].get().comment.state == .published)
        let statistics = await discussion.committer.statistics
        #expect(statistics.batches == 4 && statistics.largestBatch == 5, "\(statistics)")  // the parent, the blocked post, five, the second keyed post
        let bodies = try await test.database.run { connection in
            try connection.query("SELECT body FROM comments WHERE id <> $1 ORDER BY id", [parent.id]).rows
                .map { try $0.decode(0, as: String.self) }
        }
        #expect(bodies == ["Blocked behind the lock", "A fine comment", "I will kill you", "Once only", "Another fine comment"])
    }

    @Test func aStatementFailureFallsBackToOnePostAtATime() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let blocker = try InsertBlocker(test)
        let tasks = try await Self.queue([
            Self.post("First", "Blocked behind the lock"),
            Self.post("Before", "Posted before the refused one"),
            Self.post("Refused", "A row the database refuses"),
            Self.post("After", "Posted after the refused one"),
        ], on: discussion, test: test)
        // After the posts were checked, the database starts refusing one of them: the second
        // batch's statement fails as a whole.
        try blocker.meanwhile("ALTER TABLE comments ADD CONSTRAINT test_refusal CHECK (body <> 'A row the database refuses') NOT VALID")
        try blocker.release()
        var outcomes: [Result<PostResult, any Error>] = []
        for task in tasks { outcomes.append(await task.result) }
        #expect(try outcomes[0].get().comment.body == "Blocked behind the lock")
        #expect(try outcomes[1].get().comment.body == "Posted before the refused one")
        #expect(outcomes[2].error != nil)
        #expect(try outcomes[3].get().comment.body == "Posted after the refused one")
        #expect(try await test.database.authors.find(name: "Refused") == nil, "nothing of the refused post is stored")
        #expect(try await test.database.authors.find(name: "After")?.commentCount == 1)
    }

    @Test func floodAndDuplicateRulesCountEarlierPostsOfTheSameBatch() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion(moderation: try Self.engine("""
            version: 1
            rules:
              - name: flood
                when: {author: {comments-in: {window: 10m, count: {gte: 3}}}}
                action: reject
                reason: Too fast
              - name: copy-paste
                when: {body: {duplicate: {window: 1h}}}
                action: hold
                reason: Same text posted recently
            """))
        let blocker = try InsertBlocker(test)
        let tasks = try await Self.queue(
            [Self.post("Starter", "Blocked behind the lock")]
                + (1...5).map { Self.post("Flooder", "Flood message number \($0)") }
                + (1...3).map { Self.post("Copier \($0)", "The same campaign text") },
            on: discussion, test: test)
        try blocker.release()
        var results: [PostResult] = []
        for task in tasks { results.append(try await task.value) }
        #expect(await discussion.committer.statistics.largestBatch == 8)
        // Three comments in the window (the new one included) is a flood.
        #expect(results[1...5].map(\.comment.state) == [.published, .published, .rejected, .rejected, .rejected])
        #expect(results[6...8].map(\.comment.state) == [.published, .pending, .pending])
        #expect(results[7].decision.firedRules.map(\.name) == ["copy-paste"])
        let flooder = try #require(try await test.database.authors.find(name: "Flooder"))
        #expect(flooder.commentCount == 5 && flooder.approvedCount == 2 && flooder.rejectedCount == 3)
    }
}

extension Result {
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
