import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// What the database itself refuses, whoever writes to it.
@Suite struct SchemaTests {
    func expectRefusal(_ connection: PostgresConnection, _ sql: String, _ parameters: [(any PostgresBindable)?] = [],
                       sqlState: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try connection.execute(sql, parameters)
            Issue.record("the database accepted: \(sql)", sourceLocation: sourceLocation)
        } catch let error as PostgresError {
            #expect(error.sqlState == sqlState, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func refusesAParentFromAnotherArticleUnknownStatesAndEmptyBodies() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let first = try await test.article("first")
        let second = try await test.article("second")
        let discussion = test.discussion()
        let parent = try await discussion.post(PostRequest(articleKey: "first", authorName: "Ann", body: "Top"))

        let connection = try test.connection()
        defer { connection.close() }
        let author = parent.comment.authorID
        expectRefusal(connection, "INSERT INTO comments (article_id, parent_id, author_id, author_name, body, state) VALUES ($1, $2, $3, 'Ann', 'x', 'published')",
                      [second.id, parent.comment.id, author], sqlState: "23503")
        expectRefusal(connection, "INSERT INTO comments (article_id, author_id, author_name, body, state) VALUES ($1, $2, 'Ann', 'x', 'visible')",
                      [first.id, author], sqlState: "23514")
        expectRefusal(connection, "INSERT INTO comments (article_id, author_id, author_name, body, state) VALUES ($1, $2, 'Ann', $3, 'published')",
                      [first.id, author, " \n\t "], sqlState: "23514")
        expectRefusal(connection, "UPDATE comments SET parent_id = $1 WHERE id = $1", [parent.comment.id], sqlState: "23514")
        expectRefusal(connection, "INSERT INTO articles (key, title, mode) VALUES ('x', 't', 'sometimes')", sqlState: "23514")
    }

    @Test func theModerationLogIsAppendOnly() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("a")
        _ = try await test.discussion().post(PostRequest(articleKey: "a", authorName: "Ann", body: "Hello"))
        let connection = try test.connection()
        defer { connection.close() }
        #expect(try connection.query("SELECT count(*) FROM moderation_events").first?.decode(0, as: Int.self) == 1)
        expectRefusal(connection, "UPDATE moderation_events SET reason = 'rewritten'", sqlState: "42501")
        expectRefusal(connection, "DELETE FROM moderation_events", sqlState: "42501")
        expectRefusal(connection, "TRUNCATE moderation_events CASCADE", sqlState: "42501")
        #expect(try connection.query("SELECT count(*) FROM moderation_events").first?.decode(0, as: Int.self) == 1)
    }

    @Test func theTreePositionIsDerivedByTheDatabase() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let article = try await test.article("a")
        let discussion = test.discussion()
        let top = try await discussion.post(PostRequest(articleKey: "a", authorName: "Ann", body: "Top"))
        let connection = try test.connection()
        defer { connection.close() }
        // Whatever a writer claims, path, root and depth come from the parent.
        let row = try connection.query("""
            INSERT INTO comments (article_id, parent_id, author_id, author_name, body, state, path, root_id, depth)
            VALUES ($1, $2, $3, 'Ann', 'reply', 'published', '{1,2,3}', 999, 7) RETURNING id, path, root_id, depth
            """, [article.id, top.comment.id, top.comment.authorID]).first!
        let id: Int64 = try row.decode(0)
        #expect(try row.decode(1, as: [Int64].self) == [top.comment.id, id])
        #expect(try row.decode(2, as: Int64.self) == top.comment.id)
        #expect(try row.decode(3, as: Int.self) == 1)
    }
}
