import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ParleyCore
import ParleyHTTP
import ParleyPostgres
import ParleyTestSupport

@Suite struct ReaderRouteTests {
    func post(_ client: some TestClientProtocol, _ body: String, author: String = "Ann", parent: Int? = nil,
              headers: HTTPFields = .json, article: String = "story") async throws -> TestResponse {
        var object: [String: Any] = ["author": ["name": author], "body": body]
        if let parent { object["parent_id"] = parent }
        return try await client.execute(uri: "/api/articles/\(article)/comments", method: .post, headers: headers, body: Body.json(object))
    }

    @Test func postingAndReadingAThread() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var response = try await post(client, "Hello *world*")
            #expect(response.status == .created)
            #expect(response.object["state"] as? String == "published")
            let comment = response.object["comment"] as? [String: Any]
            #expect(comment?["html"] as? String == "<p>Hello <em>world</em></p>")
            #expect((response.object["edit_token"] as? String)?.hasPrefix("et_") == true)
            let parent = comment?["id"] as? Int
            response = try await post(client, "You idiot", author: "Bob", parent: parent)
            #expect(response.status == .created)
            #expect(response.object["state"] as? String == "pending")
            response = try await post(client, "A visible reply", author: "Cid", parent: parent)

            response = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            #expect(response.status == .ok)
            let article = response.object["article"] as? [String: Any]
            #expect(article?["comment_count"] as? Int == 2)
            #expect(article?["status"] as? String == "open")
            let comments = response.object["comments"] as? [[String: Any]]
            #expect(comments?.count == 1)
            let replies = comments?.first?["replies"] as? [[String: Any]]
            #expect(replies?.map { $0["body"] as? String } == ["A visible reply"], "the held reply is not shown")
            #expect(response.object.keys.contains("next_cursor"))
            let etag = try #require(response.headers[.eTag])
            response = try await client.execute(uri: "/api/articles/story/comments", method: .get, headers: [.ifNoneMatch: etag])
            #expect(response.status == .notModified)
            #expect(response.body.readableBytes == 0)
            _ = try await post(client, "Changes the thread", author: "Dee")
            response = try await client.execute(uri: "/api/articles/story/comments", method: .get, headers: [.ifNoneMatch: etag])
            #expect(response.status == .ok, "a new comment changes the ETag")
        }
    }

    @Test func pagesAndSortsAndTheirErrors() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            for index in 0..<5 { _ = try await post(client, "Comment \(index)", author: "A\(index)") }
            var response = try await client.execute(uri: "/api/articles/story/comments?limit=2&sort=newest", method: .get)
            var comments = response.object["comments"] as? [[String: Any]]
            #expect(comments?.map { $0["body"] as? String } == ["Comment 4", "Comment 3"])
            let cursor = try #require(response.object["next_cursor"] as? String)
            response = try await client.execute(uri: "/api/articles/story/comments?limit=2&sort=newest&cursor=\(cursor)", method: .get)
            comments = response.object["comments"] as? [[String: Any]]
            #expect(comments?.map { $0["body"] as? String } == ["Comment 2", "Comment 1"])
            // A cursor keeps the order it was made for, whatever sort says.
            response = try await client.execute(uri: "/api/articles/story/comments?limit=2&sort=top&cursor=\(cursor)", method: .get)
            comments = response.object["comments"] as? [[String: Any]]
            #expect(comments?.map { $0["body"] as? String } == ["Comment 2", "Comment 1"])
            for uri in ["/api/articles/story/comments?sort=best", "/api/articles/story/comments?limit=0",
                        "/api/articles/story/comments?limit=x", "/api/articles/story/comments?cursor=%%%",
                        "/api/articles/story/comments?cursor=newest.1.x", "/api/articles/story/comments?limit=501"] {
                response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.errorCode != nil)
            }
            response = try await client.execute(uri: "/api/articles/missing/comments", method: .get)
            #expect(response.status == .notFound)
            #expect(response.errorCode == "article_not_found")
        }
    }

    @Test func postingRefusals() async throws {
        let harness = try await Harness.make { $0.bodyLimit = 2048 }
        defer { Task { await harness.close() } }
        try await harness.test.article("other")
        _ = try await harness.test.database.articles.update(key: "other", changes: ArticleChanges(status: .closed), actor: Actor(.moderator, "t"))
        try await harness.application.test(.router) { client in
            var response = try await post(client, "I will kill you")
            #expect(response.status == .unprocessableContent)
            #expect(response.errorCode == "rejected")
            #expect((response.object["error"] as? [String: Any])?["message"] as? String == "Threats of violence are not allowed")
            response = try await post(client, "hi", article: "other")
            #expect(response.status == .conflict && response.errorCode == "article_closed")
            response = try await post(client, "hi", article: "nope")
            #expect(response.status == .notFound)
            response = try await post(client, "hi", parent: 424242)
            #expect(response.status == .notFound && response.errorCode == "parent_not_found")
            response = try await post(client, "   ")
            #expect(response.status == .badRequest && response.errorCode == "empty_body")
            response = try await post(client, "hi", headers: [.contentType: "text/plain"])
            #expect(response.status == .unsupportedMediaType)
            response = try await post(client, String(repeating: "x", count: 5000))
            #expect(response.status == .contentTooLarge)
            response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json, body: ByteBuffer(string: "{not json"))
            #expect(response.status == .badRequest && response.errorCode == "malformed_json")
            response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json, body: Body.json(["body": "no author"]))
            #expect(response.status == .unauthorized && response.errorCode == "author_required")
            #expect(((response.object["error"] as? [String: Any])?["message"] as? String)?.contains("author") == true)
            response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                body: Body.json(["author": ["name": 7], "body": "x"]))
            #expect(response.status == .badRequest)
        }
        #expect(try await harness.test.database.articles.find(key: "story")?.totalCount == 1, "only the rejected comment is stored")
    }

    @Test func idempotentRetriesStoreNothingNew() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var headers = HTTPFields.json
            headers[HTTPField.Name("Idempotency-Key")!] = "abc-123"
            let first = try await post(client, "Only once", headers: headers)
            let second = try await post(client, "Only once", headers: headers)
            #expect(first.status == .created && second.status == .created)
            #expect(first.text == second.text, "the same answer, edit token included")
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let different = try await post(client, "Something else", headers: headers)
            #expect(different.status == .unprocessableContent && different.errorCode == "idempotency_key_reused")
            headers[HTTPField.Name("Idempotency-Key")!] = "threat-1"
            let refused = try await post(client, "I will kill you", headers: headers)
            let again = try await post(client, "I will kill you", headers: headers)
            #expect(refused.status == .unprocessableContent && again.status == .unprocessableContent)
            #expect(refused.text == again.text)
        }
        #expect(try await harness.test.database.articles.find(key: "story")?.totalCount == 2)
    }

    @Test func editAndDeleteWithTheEditTokenWithinTheWindow() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let posted = try await post(client, "First version")
            let token = try #require(posted.object["edit_token"] as? String)
            let id = try #require((posted.object["comment"] as? [String: Any])?["id"] as? Int)
            var headers = HTTPFields.json
            var response = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: headers, body: Body.json(["body": "x"]))
            #expect(response.status == .unauthorized)
            headers[HTTPField.Name("X-Edit-Token")!] = "et_wrong"
            response = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: headers, body: Body.json(["body": "x"]))
            #expect(response.status == .forbidden)
            headers[HTTPField.Name("X-Edit-Token")!] = token
            response = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: headers, body: Body.json(["body": "Second version"]))
            #expect(response.status == .ok)
            #expect((response.object["comment"] as? [String: Any])?["body"] as? String == "Second version")
            #expect((response.object["comment"] as? [String: Any])?["edited_at"] is String)
            response = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: headers, body: Body.json(["body": "you idiot"]))
            #expect(response.object["state"] as? String == "pending", "an edit is moderated again")
            response = try await client.execute(uri: "/api/comments/999999", method: .patch, headers: headers, body: Body.json(["body": "x"]))
            #expect(response.status == .notFound)
            response = try await client.execute(uri: "/api/comments/abc", method: .delete, headers: headers)
            #expect(response.status == .badRequest)
            response = try await client.execute(uri: "/api/comments/\(id)", method: .delete, headers: headers)
            #expect(response.status == .noContent)
        }
        let history = try harness.test.connection()
        defer { history.close() }
        #expect(try history.query("SELECT count(*) FROM comment_edits").first?.decode(0, as: Int.self) == 2)
    }

    @Test func theEditWindowCloses() async throws {
        let harness = try await Harness.make { $0.editWindow = 0 }
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let posted = try await post(client, "Quick")
            let token = try #require(posted.object["edit_token"] as? String)
            let id = try #require((posted.object["comment"] as? [String: Any])?["id"] as? Int)
            try await Task.sleep(for: .milliseconds(1100))
            var headers = HTTPFields.json
            headers[HTTPField.Name("X-Edit-Token")!] = token
            let response = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: headers, body: Body.json(["body": "late"]))
            #expect(response.status == .conflict && response.errorCode == "edit_window_over")
        }
    }

    @Test func reportsVotesAndCounts() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let posted = try await post(client, "Vote on me")
            let id = try #require((posted.object["comment"] as? [String: Any])?["id"] as? Int)
            var response = try await client.execute(uri: "/api/comments/\(id)/votes", method: .post, headers: .json, body: Body.json(["value": 1, "voter": "Bob"]))
            #expect(response.status == .ok && response.object["score"] as? Int == 1)
            response = try await client.execute(uri: "/api/comments/\(id)/votes", method: .post, headers: .json, body: Body.json(["value": 1, "voter": "Ann"]))
            #expect(response.status == .forbidden)
            response = try await client.execute(uri: "/api/comments/\(id)/votes", method: .post, headers: .json, body: Body.json(["value": 5, "voter": "Cid"]))
            #expect(response.status == .badRequest)
            response = try await client.execute(uri: "/api/counts?articles=story,none", method: .get)
            #expect(response.object["story"] as? Int == 1 && response.object["none"] as? Int == 0)
            for reporter in ["r1", "r2", "r3"] {
                response = try await client.execute(uri: "/api/comments/\(id)/reports", method: .post, headers: .json,
                                                    body: Body.json(["reason": "rude", "reporter": reporter]))
                #expect(response.status == .accepted)
            }
            response = try await client.execute(uri: "/api/counts?articles=story", method: .get)
            #expect(response.object["story"] as? Int == 0, "three reports hide the comment")
            response = try await client.execute(uri: "/api/comments/\(id)/reports", method: .post, headers: .json, body: Body.json(["reporter": "x"]))
            #expect(response.status == .badRequest)
            response = try await client.execute(uri: "/api/counts", method: .get)
            #expect(response.status == .badRequest)
        }
    }

    @Test func unknownRoutesAndMethodsAnswerInTheErrorShape() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var response = try await client.execute(uri: "/nothing/here", method: .get)
            #expect(response.status == .notFound && response.errorCode == "not_found")
            response = try await client.execute(uri: "/api/counts", method: .delete)
            #expect(response.status.code >= 400 && response.status.code < 500)
            #expect(response.status != .internalServerError)
        }
    }
}
