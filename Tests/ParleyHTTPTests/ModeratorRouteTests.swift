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

@Suite struct ModeratorRouteTests {
    @Test func tokensGuardTheModeratorRoutes() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var response = try await client.execute(uri: "/api/admin/queue", method: .get)
            #expect(response.status == .unauthorized && response.headers[.wwwAuthenticate] != nil)
            response = try await client.execute(uri: "/api/admin/queue", method: .get, headers: [.authorization: "Bearer pk_nope"])
            #expect(response.status == .unauthorized)
            response = try await client.execute(uri: "/api/admin/queue", method: .get, headers: [.authorization: "Basic abc"])
            #expect(response.status == .unauthorized)
            response = try await client.execute(uri: "/api/admin/queue", method: .get, headers: .bearer(harness.moderatorToken))
            #expect(response.status == .ok)
            response = try await client.execute(uri: "/api/admin/rules", method: .put, headers: [.authorization: "Bearer \(harness.moderatorToken)", .contentType: "application/yaml"],
                                                body: ByteBuffer(string: "version: 1\nrules: []\n"))
            #expect(response.status == .forbidden, "changing rules needs the admin role")
            _ = try await harness.test.database.tokens.revoke(name: "mod", by: "test")
            response = try await client.execute(uri: "/api/admin/queue", method: .get, headers: .bearer(harness.moderatorToken))
            #expect(response.status == .unauthorized, "a revoked token stops working at once")
        }
    }

    @Test func queueDecisionsBansAndTheLog() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let discussion = harness.services.discussion
        let held = try await discussion.post(PostRequest(articleKey: "story", authorName: "Rude", body: "what an idiot"))
        try await harness.application.test(.router) { client in
            let auth = HTTPFields.bearer(harness.moderatorToken)
            var response = try await client.execute(uri: "/api/admin/queue?state=pending", method: .get, headers: auth)
            let items = response.object["items"] as? [[String: Any]]
            #expect(items?.count == 1 && response.object["total"] as? Int == 1)
            let item = try #require(items?.first)
            #expect((item["rules"] as? [[String: Any]])?.first?["match"] as? String == "idiot")
            #expect((item["author"] as? [String: Any])?["trust"] as? String == "new")
            let version = try #require((item["comment"] as? [String: Any])?["version"] as? Int)
            response = try await client.execute(uri: "/api/admin/queue?state=nonsense", method: .get, headers: auth)
            #expect(response.status == .badRequest)

            let uri = "/api/admin/comments/\(held.comment.id)/decision"
            response = try await client.execute(uri: uri, method: .post, headers: auth, body: Body.json(["action": "approve", "version": version]))
            #expect(response.status == .ok && response.object["to"] as? String == "published")
            response = try await client.execute(uri: uri, method: .post, headers: auth, body: Body.json(["action": "reject", "version": version]))
            #expect(response.status == .conflict && response.errorCode == "decision_conflict", "a stale version is refused")
            response = try await client.execute(uri: uri, method: .post, headers: auth, body: Body.json(["action": "explode"]))
            #expect(response.status == .badRequest)
            response = try await client.execute(uri: "/api/admin/comments/99999/decision", method: .post, headers: auth, body: Body.json(["action": "approve"]))
            #expect(response.status == .notFound)

            response = try await client.execute(uri: "/api/admin/authors/Rude/ban", method: .post, headers: auth,
                                                body: Body.json(["duration": "7d", "reason": "insults"]))
            #expect(response.status == .ok && response.object["author"] as? String == "Rude")
            response = try await client.execute(uri: "/api/admin/authors/Rude/ban", method: .post, headers: auth, body: Body.json(["duration": "soon"]))
            #expect(response.status == .badRequest)
            let refused = try await discussion.post(PostRequest(articleKey: "story", authorName: "Rude", body: "again"))
            #expect(refused.comment.state == .rejected)
            response = try await client.execute(uri: "/api/admin/authors/Rude/ban", method: .delete, headers: .bearer(harness.moderatorToken, json: false))
            #expect(response.status == .ok)
            response = try await client.execute(uri: "/api/admin/authors/Nobody/ban", method: .delete, headers: .bearer(harness.moderatorToken, json: false))
            #expect(response.status == .notFound)

            response = try await client.execute(uri: "/api/admin/log?since=1h&kind=decision", method: .get, headers: auth)
            let entries = response.object["entries"] as? [[String: Any]]
            #expect(entries?.first?["actor"] as? String == "mod")
            #expect(entries?.first?["action"] as? String == "approve")
            response = try await client.execute(uri: "/api/admin/log?since=yesterday", method: .get, headers: auth)
            #expect(response.status == .badRequest)
        }
    }

    @Test func rulesAreReadAndReplacedWithTheSameValidationAsTheCLI() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var response = try await client.execute(uri: "/api/admin/rules", method: .get, headers: .bearer(harness.moderatorToken))
            #expect(response.object["built_in"] as? Bool == true)
            var headers: HTTPFields = [.authorization: "Bearer \(harness.adminToken)", .contentType: "application/yaml"]
            response = try await client.execute(uri: "/api/admin/rules", method: .put, headers: headers,
                                                body: ByteBuffer(string: "version: 1\nrules:\n  - {name: x, when: {body: {words: \"@nope\"}}, action: shout}\n"))
            #expect(response.status == .badRequest && response.errorCode == "invalid_ruleset")
            let problems = ((response.object["error"] as? [String: Any])?["details"] as? [String: String])?["problems"]
            #expect(problems?.contains("3:36: unknown list reference `@nope`") == true, "\(problems ?? "")")
            response = try await client.execute(uri: "/api/admin/rules", method: .put, headers: headers, body: ByteBuffer(string: "version: 1\nrules: []\n"))
            #expect(response.status == .badRequest && response.errorCode == "empty_ruleset")
            response = try await client.execute(uri: "/api/admin/rules", method: .put, headers: headers,
                                                body: ByteBuffer(string: "version: 1\nrules:\n  - {name: cats, when: {body: {words: [cat]}}, action: reject, reason: No cats}\n"))
            #expect(response.status == .ok && response.object["version"] as? Int == 1)
            headers[.contentType] = "application/json"
            response = try await client.execute(uri: "/api/admin/rules", method: .put, headers: headers, body: ByteBuffer(string: "{}"))
            #expect(response.status == .unsupportedMediaType)
            // In force at once in this process.
            response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                body: Body.json(["author": ["name": "A"], "body": "a cat"]))
            #expect(response.status == .unprocessableContent)
            #expect((response.object["error"] as? [String: Any])?["message"] as? String == "No cats")
        }
    }
}
