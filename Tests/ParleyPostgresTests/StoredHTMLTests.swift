import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyRender
import ParleyTestSupport

/// Render once: HTML is stored with the text and copied by reads.
@Suite struct StoredHTMLTests {
    func stored(_ test: TestDatabase, _ id: Int64) throws -> (html: String?, version: Int) {
        let connection = try test.connection()
        defer { connection.close() }
        let row = try #require(try connection.query("SELECT html, html_version FROM comments WHERE id = $1", [id]).first)
        return (try row.optional(0), try row.decode(1))
    }

    func thread(_ test: TestDatabase) async throws -> [String: String] {
        let page = try await test.discussion().thread(ThreadRequest(articleKey: "story"))
        var html: [String: String] = [:]
        for node in page.threads {
            let view = CommentView(node, renderHTML: { _ in "rendered on reading" })
            html[view.body ?? ""] = view.html
        }
        return html
    }

    @Test func postsAndEditsStoreTheirHTMLAndReadsCopyIt() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let posted = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "Some *emphasis* <b>here</b>"))
        #expect(try stored(test, posted.comment.id) == (SafeMarkdown.html("Some *emphasis* <b>here</b>"), CommentRendering.version))
        #expect(posted.comment.html == SafeMarkdown.html("Some *emphasis* <b>here</b>"))

        let edited = try await discussion.edit(id: posted.comment.id, body: "Now **strong**", editor: Actor(.author, "Ann"))
        #expect(try stored(test, edited.comment.id).html == "<p>Now <strong>strong</strong></p>")
        #expect(try await thread(test)["Now **strong**"] == "<p>Now <strong>strong</strong></p>", "the stored HTML, not a new rendering")
    }

    @Test func htmlOfAnotherRendererVersionIsNotServedAndIsRenderedAgainInTheBackground() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        var ids: [Int64] = []
        for index in 0..<7 {
            ids.append(try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "Comment _\(index)_")).comment.id)
        }
        let connection = try test.connection()
        defer { connection.close() }
        try connection.execute("UPDATE comments SET html = '<p>stale</p>', html_version = $1", [CommentRendering.version + 1])
        #expect(try await thread(test)["Comment _3_"] == "rendered on reading")

        let rendered = try await test.database.comments.renderAllStoredHTML(batch: 3)
        #expect(rendered == 7)
        for (index, id) in ids.enumerated() {
            #expect(try stored(test, id) == ("<p>Comment <em>\(index)</em></p>", CommentRendering.version))
        }
        #expect(try await thread(test)["Comment _3_"] == "<p>Comment <em>3</em></p>")
        #expect(try await test.database.comments.renderAllStoredHTML() == 0, "nothing left to do")
    }

    @Test func aDatabaseFromBeforeStoredHTMLIsMigratedAndFilledIn() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let discussion = test.discussion()
        let id = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "An *old* comment")).comment.id
        // Back to the schema before migration 0013, with the data in place.
        let connection = try test.connection()
        defer { connection.close() }
        try connection.execute("ALTER TABLE comments DROP COLUMN html, DROP COLUMN html_version")
        try connection.execute("DELETE FROM parley_migrations WHERE version = 13")

        let plan = try await test.database.migrator(migrations: try Migration.embedded()).migrate()
        #expect(plan.pending.map(\.version) == [13])
        #expect(try stored(test, id) == (nil, 0))
        #expect(try await thread(test)["An *old* comment"] == "rendered on reading")
        #expect(try await test.database.comments.renderAllStoredHTML() == 1)
        #expect(try stored(test, id) == ("<p>An <em>old</em> comment</p>", CommentRendering.version))
    }
}
