import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ParleyCore
import ParleyExchange
import ParleyHTTP
import ParleyPostgres
import ParleyTestSupport

@Suite struct ExportRouteTests {
    @Test func exportNeedsATokenAValidFormatAndAKnownArticle() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let moderator = HTTPFields.bearer(harness.moderatorToken, json: false)
            var response = try await client.execute(uri: "/api/admin/articles/story/export?format=csv", method: .get)
            #expect(response.status == .unauthorized)
            response = try await client.execute(uri: "/api/admin/articles/story/export?format=pdf", method: .get, headers: moderator)
            #expect(response.status == .badRequest && response.errorCode == "invalid_format")
            response = try await client.execute(uri: "/api/admin/articles/nope/export?format=csv", method: .get, headers: moderator)
            #expect(response.status == .notFound && response.errorCode == "article_not_found")
            response = try await client.execute(uri: "/api/admin/articles/story/export?states=gone", method: .get, headers: moderator)
            #expect(response.status == .badRequest && response.errorCode == "invalid_state")
            response = try await client.execute(uri: "/api/admin/articles/story/export?format=parley", method: .get, headers: moderator)
            #expect(response.status == .forbidden, "the archive carries e-mail and IP addresses")
            response = try await client.execute(uri: "/api/admin/articles/story/export?format=parley", method: .get,
                                                headers: .bearer(harness.adminToken, json: false))
            #expect(response.status == .ok && response.text.hasPrefix(#"{"type":"parley-archive","version":1}"#))
        }
    }

    @Test func everyFormatComesOutAsTheCLIWritesIt() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let discussion = harness.services.discussion
        let root = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ann", body: "<b>First</b>, \"quoted\""))
        _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ben", body: "=1+1", parentID: root.comment.id))
        _ = try await discussion.post(PostRequest(articleKey: "story", authorName: "Rude", body: "what an idiot"))
        try await harness.application.test(.router) { client in
            for format in [ExportFormat.json, .jsonl, .csv, .markdown, .html] {
                let response = try await client.execute(uri: "/api/admin/articles/story/export?format=\(format.rawValue)", method: .get,
                                                        headers: .bearer(harness.moderatorToken, json: false))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == format.contentType)
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"story.\(format.fileExtension)\"")
                let expected = MemorySink()
                try await Exporter(repository: harness.test.database.exchange).export(
                    keys: ["story"], format: format, selection: .readers, to: expected)
                #expect(response.text == expected.text, "\(format)")
                #expect(!response.text.contains("idiot"), "held comments stay out of the readers' view")
            }
            let held = try await client.execute(uri: "/api/admin/articles/story/export?format=jsonl&states=held", method: .get,
                                                headers: .bearer(harness.moderatorToken, json: false))
            #expect(held.text.split(separator: "\n").count == 1 && held.text.contains("what an idiot"))
        }
    }

    @Test func aLargeExportStreamsCompletelyOverARealSocket() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let connection = try harness.test.connection()
        try connection.execute("INSERT INTO authors (name, name_key) VALUES ('Bulk', 'bulk')")
        try connection.execute("""
            INSERT INTO comments (article_id, parent_id, root_id, path, depth, author_id, author_name, body, state)
            SELECT (SELECT id FROM articles WHERE key = 'story'), NULL, 0, '{}', 0, (SELECT id FROM authors WHERE name_key = 'bulk'),
                   'Bulk', 'Comment number ' || n || repeat(' padding', 40), 'published'
              FROM generate_series(1, 3000) n
            """)
        connection.close()
        try await harness.application.test(.live) { client in
            let response = try await client.execute(uri: "/api/admin/articles/story/export?format=jsonl", method: .get,
                                                    headers: .bearer(harness.moderatorToken, json: false))
            #expect(response.status == .ok)
            let lines = response.text.split(separator: "\n")
            #expect(lines.count == 3000)
            #expect(response.body.readableBytes > 4 * 65_536, "several chunks went through the hand-off")
            #expect(lines.last?.contains("Comment number 3000 ") == true)
        }
    }
}
