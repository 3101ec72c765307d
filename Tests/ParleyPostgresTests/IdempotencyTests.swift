import Foundation
import Synchronization
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// Idempotency-Key answers live in the transaction of the write they describe.
@Suite struct IdempotencyTests {
    static func key(_ key: String, request: String = "{}") -> IdempotencyKey {
        IdempotencyKey(scope: "test", key: key, request: Array(request.utf8))
    }

    /// The answer a post keeps: the comment as readers will see it.
    static func viewOnce(_ key: IdempotencyKey) -> Once<PostResult> {
        Once(key: key) { result in
            StoredAnswer(status: 201, body: Array(try ParleyJSON.encoder().encode(CommentView(ThreadNode(comment: result.comment)))))
        }
    }

    static func retried<T>(_ work: () async throws -> T) async throws -> StoredAnswer? {
        do {
            _ = try await work()
            return nil
        } catch let previous as AnsweredBefore {
            return previous.answer
        }
    }

    @Test func aPostKeepsTheAnswerReadersWillSeeAndARetryGetsItWithNothingNewStored() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let root = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "First"))
        let request = PostRequest(articleKey: "story", authorName: "Bob", body: "A *reply*", parentID: root.comment.id)
        let once = Self.viewOnce(Self.key("k1"))
        let first = try await discussion.post(request, once: once)
        let stored = try #require(try await test.database.comments.find(id: first.comment.id))
        // Written before the comment existed, the answer is exactly what a read shows.
        let read = Array(try ParleyJSON.encoder().encode(CommentView(ThreadNode(comment: stored))))
        #expect(first.answer?.body == read)
        #expect(stored.depth == 1 && stored.rootID == root.comment.id)

        let again = try await Self.retried { try await discussion.post(request, once: once) }
        #expect(again == first.answer)
        let other = Self.key("k1", request: "something else")
        await #expect(throws: ParleyError.idempotencyKeyReused()) {
            try await discussion.post(request, once: Self.viewOnce(other))
        }
        #expect(try await test.database.articles.find(key: "story")?.totalCount == 2)
    }

    @Test func aRetryWhileTheFirstPostHoldsItsTransactionWaitsAndGetsTheSameAnswer() async throws {
        let test = try await TestDatabase.make(connections: 4)
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "Earlier"))
        // Another transaction holds Ann's author row, so the first post's statement (which
        // has already claimed the key) stops inside its transaction until it lets go.
        let blocker = try test.connection()
        defer { blocker.close() }
        try blocker.execute("BEGIN")
        try blocker.execute("SELECT 1 FROM authors WHERE name_key = $1 FOR UPDATE", [TextRules.nameKey("Ann")])
        let request = PostRequest(articleKey: "story", authorName: "Ann", body: "Only once, please")
        let once = Self.viewOnce(Self.key("k2"))
        let first = Task { try await Self.outcome { try await discussion.post(request, once: once).answer } }
        try await Task.sleep(for: .milliseconds(400))
        let second = Task { try await Self.outcome { try await discussion.post(request, once: once).answer } }
        try await Task.sleep(for: .milliseconds(600))
        let released = Date()
        try blocker.execute("COMMIT")
        let outcomes = [try await first.value, try await second.value]
        // One request did the work; the other waited for it and got its answer.
        #expect(outcomes.filter { !$0.replayed }.count == 1)
        #expect(outcomes[0].answer == outcomes[1].answer && outcomes[0].answer != nil)
        #expect(outcomes.allSatisfy { $0.finished >= released })
        let count = try test.connection().query("SELECT count(*) FROM comments WHERE body = 'Only once, please'").first?.decode(0, as: Int.self)
        #expect(count == 1)
    }

    struct Outcome: Sendable {
        var answer: StoredAnswer?
        var replayed: Bool
        var finished: Date
    }

    static func outcome(_ work: () async throws -> StoredAnswer?) async throws -> Outcome {
        do {
            let answer = try await work()
            return Outcome(answer: answer, replayed: false, finished: Date())
        } catch let previous as AnsweredBefore {
            return Outcome(answer: previous.answer, replayed: true, finished: Date())
        }
    }

    @Test func aConcurrentRetryOfAVoteWaitsForTheFirstTransaction() async throws {
        let test = try await TestDatabase.make(connections: 4)
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let posted = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "Vote on me"))
        let key = Self.key("v1")
        // The first request's answer is made slowly, inside its transaction.
        let phase = Mutex<(entered: Date?, leaving: Date?)>((nil, nil))
        let slow = Once<Int>(key: key) { score in
            phase.withLock { $0.entered = Date() }
            Thread.sleep(forTimeInterval: 1.0)
            phase.withLock { $0.leaving = Date() }
            return StoredAnswer(status: 200, body: Array("score \(score)".utf8))
        }
        let fast = Once<Int>(key: key) { StoredAnswer(status: 200, body: Array("score \($0) (second)".utf8)) }
        let id = posted.comment.id
        let first = Task { try await Self.outcome { StoredAnswer(status: 200, body: Array("score \(try await discussion.vote(id: id, value: 1, voter: "Cid", once: slow))".utf8)) } }
        while phase.withLock({ $0.entered }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        let second = try await Self.outcome { _ = try await discussion.vote(id: id, value: 1, voter: "Cid", once: fast); return nil }
        #expect(second.replayed)
        #expect(second.answer == StoredAnswer(status: 200, body: Array("score 1".utf8)))
        let leaving = try #require(phase.withLock { $0.leaving })
        #expect(second.finished >= leaving, "it waited for the first transaction to end")
        #expect(try await first.value.replayed == false)
    }

    struct Crash: Error {}

    @Test func aWriteThatDiesBeforeCommitLeavesNeitherEffectNorAnswerAndItsRetryRunsOnce() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let id = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "Vote on me")).comment.id
        let key = Self.key("v2")
        await #expect(throws: Crash.self) {
            try await discussion.vote(id: id, value: 1, voter: "Dee", once: Once(key: key) { _ in throw Crash() })
        }
        let connection = try test.connection()
        defer { connection.close() }
        #expect(try connection.query("SELECT count(*) FROM votes").first?.decode(0, as: Int.self) == 0)
        #expect(try connection.query("SELECT count(*) FROM idempotency_answers").first?.decode(0, as: Int.self) == 0)
        let answer: @Sendable (Int) -> StoredAnswer? = { StoredAnswer(status: 200, body: Array("\($0)".utf8)) }
        #expect(try await discussion.vote(id: id, value: 1, voter: "Dee", once: Once(key: key, answer: answer)) == 1)
        let replay = try await Self.retried { try await discussion.vote(id: id, value: 1, voter: "Dee", once: Once(key: key, answer: answer)) }
        #expect(replay == StoredAnswer(status: 200, body: Array("1".utf8)))
        #expect(try connection.query("SELECT count(*) FROM votes").first?.decode(0, as: Int.self) == 1)
    }

    @Test func storedAnswersHoldNeitherTheKeyNorTheAnswerInTheClear() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let once = Once<PostResult>(key: Self.key("my-key-123")) { _ in StoredAnswer(status: 201, body: Array("et_secret-edit-token".utf8)) }
        _ = try await test.discussion().post(PostRequest(articleKey: "story", authorName: "Ann", body: "Hello"), once: once)
        let connection = try test.connection()
        defer { connection.close() }
        let row = try #require(try connection.query("SELECT lookup || ' ' || answer FROM idempotency_answers").first)
        let text: String = try row.decode(0)
        #expect(!text.contains("my-key-123") && !text.contains("secret-edit-token"))
        #expect(Self.key("my-key-123").open(String(text.split(separator: " ")[1])) == StoredAnswer(status: 201, body: Array("et_secret-edit-token".utf8)))
        #expect(Self.key("another-key").open(String(text.split(separator: " ")[1])) == nil)
    }

    @Test func answersGivenBeforeTheUpgradeStillReplay() async throws {
        let test = try await TestDatabase.make(migrated: false)
        defer { Task { await test.close() } }
        let migrations = try Migration.embedded()
        _ = try await test.database.migrator(migrations: migrations.filter { $0.version < 12 }).migrate()
        try await test.article("story")
        let request = #"{"author":{"name":"Ann"},"body":"Hello"}"#
        let connection = try test.connection()
        defer { connection.close() }
        // What the earlier version stored: scope and key in the clear, the answer as text,
        // and a claim that never finished.
        try connection.execute("""
            INSERT INTO idempotency_keys (scope, key, request_hash, status, response) VALUES
                ('test', 'old-1', $1, 201, '{"answered":"before"}'), ('test', 'old-2', $2, 0, '')
            """, [Secret.hash("test\u{1F}" + request), Secret.hash("test\u{1F}" + request)])
        _ = try await test.database.migrator(migrations: migrations).migrate()
        let post = PostRequest(articleKey: "story", authorName: "Ann", body: "Hello")
        let replay = try await Self.retried {
            try await test.discussion().post(post, once: Self.viewOnce(Self.key("old-1", request: request)))
        }
        #expect(replay == StoredAnswer(status: 201, body: Array(#"{"answered":"before"}"#.utf8)))
        // The unfinished claim is gone: its retry is performed.
        let performed = try await test.discussion().post(post, once: Self.viewOnce(Self.key("old-2", request: request)))
        #expect(performed.answer != nil)
        #expect(try await test.database.articles.find(key: "story")?.totalCount == 1)
    }
}
