import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

@Suite struct ConcurrencyTests {
    /// 8 posters × 500 comments each, replying to random earlier comments: none lost, and
    /// every stored path is its parent's path plus its own id.
    @Test func eightConcurrentPostersLoseNothingAndKeepPathsConsistent() async throws {
        let test = try await TestDatabase.make(connections: 8)
        defer { Task { await test.close() } }
        try await test.article("busy")
        let discussion = test.discussion()
        let seed = try await discussion.post(PostRequest(articleKey: "busy", authorName: "seed", body: "seed"))

        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for poster in 0..<8 {
                group.addTask {
                    var mine: [Int64] = [seed.comment.id]
                    var generator = SystemRandomNumberGenerator()
                    for index in 0..<500 {
                        let parent: Int64? = index % 3 == 0 ? nil : mine.randomElement(using: &generator)
                        let result = try await discussion.post(PostRequest(
                            articleKey: "busy", authorName: "poster\(poster)", body: "comment \(poster)/\(index)", parentID: parent))
                        mine.append(result.comment.id)
                    }
                    return Array(mine.dropFirst())
                }
            }
            var all: [Int64] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(ids.count == 4000)
        #expect(Set(ids).count == 4000)

        let connection = try test.connection()
        defer { connection.close() }
        let stored = try connection.query("SELECT count(*) FROM comments WHERE article_id = (SELECT id FROM articles WHERE key = 'busy')")
        #expect(try stored.first?.decode(0, as: Int.self) == 4001)
        let inconsistent = try connection.query("""
            SELECT count(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
             WHERE NOT (
                (c.parent_id IS NULL AND c.path = ARRAY[c.id] AND c.depth = 0 AND c.root_id = c.id)
                OR (c.parent_id IS NOT NULL AND c.path = p.path || c.id AND c.depth = p.depth + 1
                    AND c.root_id = p.root_id AND c.article_id = p.article_id))
            """)
        #expect(try inconsistent.first?.decode(0, as: Int.self) == 0)
        let authors = try connection.query("SELECT sum(comment_count) FROM authors").first
        #expect(try authors?.decode(0, as: Int.self) == 4001)
        let article = try #require(try await test.database.articles.find(key: "busy"))
        #expect(article.visibleCount == 4001)

        let page = try await discussion.thread(ThreadRequest(articleKey: "busy"))
        #expect(page.threads.reduce(0) { $0 + $1.count } == 4001)
    }
}
