import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

@Suite struct ThreadQueryTests {
    /// 12 top-level comments with a few replies each, posted a minute apart, scores varied.
    func seed(_ test: TestDatabase) async throws -> [Int64] {
        try await test.article("story")
        let discussion = test.discussion()
        var roots: [Int64] = []
        let start = Date().addingTimeInterval(-86_400)
        var minute = 0.0
        func at() -> Date {
            minute += 1
            return start.addingTimeInterval(minute * 60)
        }
        for index in 0..<12 {
            let root = try await discussion.post(PostRequest(articleKey: "story", authorName: "author\(index)", body: "root \(index)", createdAt: at()))
            roots.append(root.comment.id)
            var parent = root.comment.id
            for depth in 0..<(index % 4) {
                let reply = try await discussion.post(PostRequest(articleKey: "story", authorName: "replier\(depth)", body: "reply \(index).\(depth)",
                                                                  parentID: parent, createdAt: at()))
                parent = reply.comment.id
            }
            for voter in 0..<((index * 7) % 5) {
                _ = try await discussion.vote(id: root.comment.id, value: 1, voter: "voter\(voter)")
            }
        }
        return roots
    }

    @Test func wholeDiscussionComesBackAsTrees() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let roots = try await seed(test)
        let page = try await test.discussion().thread(ThreadRequest(articleKey: "story"))
        #expect(page.threads.map(\.comment.id) == roots)
        let replies = (0..<12).map { $0 % 4 }.reduce(0, +)
        let shown = page.threads.map(\.count).reduce(0, +)
        #expect(shown == 12 + replies)
        #expect(page.threads[3].replies[0].replies[0].replies[0].comment.body == "reply 3.2")
        #expect(page.nextCursor == nil)
        #expect(page.article.visibleCount == 30)
    }

    @Test(arguments: ThreadSort.allCases)
    func pagesCoverEveryThreadOnceInOrder(sort: ThreadSort) async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        _ = try await seed(test)
        let discussion = test.discussion()
        let whole = try await discussion.thread(ThreadRequest(articleKey: "story", sort: sort))
        var seen: [Int64] = []
        var cursor: ThreadCursor?
        var pages = 0
        repeat {
            let page = try await discussion.thread(ThreadRequest(articleKey: "story", sort: sort, limit: 5, cursor: cursor))
            #expect(page.threads.count <= 5)
            for thread in page.threads {
                let full = try #require(whole.threads.first { $0.comment.id == thread.comment.id })
                #expect(thread == full, "each page carries whole reply trees")
            }
            seen += page.threads.map(\.comment.id)
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(seen == whole.threads.map(\.comment.id))
    }

    @Test func aCursorOfAnotherSortIsRefused() throws {
        let cursor = ThreadCursor(sort: .top, key: 3, id: 9)
        #expect(throws: ParleyError.self) { try ThreadCursor(token: cursor.token, sort: .oldest) }
        #expect(throws: ParleyError.self) { try ThreadCursor(token: "garbage!", sort: .oldest) }
        #expect(try ThreadCursor(token: cursor.token, sort: .top) == cursor)
    }

    @Test func deletedCommentsKeepTheShapeOnlyWhileTheyHaveVisibleReplies() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let moderator = Actor(.moderator, "test")
        let parent = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "parent"))
        let child = try await discussion.post(PostRequest(articleKey: "story", authorName: "Bob", body: "child", parentID: parent.comment.id))
        let lonely = try await discussion.post(PostRequest(articleKey: "story", authorName: "Cid", body: "lonely"))

        _ = try await discussion.delete(id: parent.comment.id, actor: moderator)
        _ = try await discussion.delete(id: lonely.comment.id, actor: moderator)
        var page = try await discussion.thread(ThreadRequest(articleKey: "story"))
        #expect(page.threads.map(\.comment.id) == [parent.comment.id])
        #expect(page.threads[0].isTombstone)
        #expect(page.threads[0].comment.body.isEmpty && page.threads[0].comment.authorName.isEmpty)
        #expect(page.threads[0].replies.map(\.comment.id) == [child.comment.id])

        // The same through the paged query.
        page = try await discussion.thread(ThreadRequest(articleKey: "story", limit: 10))
        #expect(page.threads.map(\.comment.id) == [parent.comment.id])
        #expect(page.threads[0].isTombstone)

        // Once the last visible reply goes, the tombstone goes too.
        _ = try await discussion.delete(id: child.comment.id, actor: moderator)
        page = try await discussion.thread(ThreadRequest(articleKey: "story"))
        #expect(page.threads.isEmpty)
        page = try await discussion.thread(ThreadRequest(articleKey: "story", limit: 10))
        #expect(page.threads.isEmpty)

        // Moderators still see all three.
        page = try await discussion.thread(ThreadRequest(articleKey: "story", audience: .moderators))
        #expect(page.threads.count == 2)
        #expect(page.threads.allSatisfy { $0.comment.deleted })
    }

    @Test func unknownArticleIsNotFound() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        await #expect(throws: ParleyError.articleNotFound("nope")) {
            _ = try await test.discussion().thread(ThreadRequest(articleKey: "nope"))
        }
    }
}
