import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// Every POST of the API takes an Idempotency-Key; edits answer like posts.
@Suite struct IdempotencyRouteTests {
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    static func keyed(_ fields: HTTPFields, _ key: String) -> HTTPFields {
        var fields = fields
        fields[.init("Idempotency-Key")!] = key
        return fields
    }

    func count(_ harness: Harness, _ sql: String) throws -> Int {
        let connection = try harness.test.connection()
        defer { connection.close() }
        return try connection.query(sql).first?.decode(0, as: Int.self) ?? -1
    }

    @Test func aKeyedPostAnswersExactlyWhatReadersThenSee() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let posted = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: Self.keyed(.json, "p-1"),
                                                  body: Body.json(["author": ["name": "Ann"], "body": "Some **bold** words"]))
            #expect(posted.status == .created)
            let comment = try #require(posted.object["comment"] as? NSDictionary)
            let thread = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            let read = try #require((thread.object["comments"] as? [NSDictionary])?.first)
            #expect(comment == read, "id, created_at, html and the rest are what the thread shows")
        }
    }

    @Test func everyPostReplaysItsFirstAnswerAndStoresNothingNew() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let posted = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                  body: Body.json(["author": ["name": "Ann"], "body": "Calm words"]))
            let id = try #require((posted.object["comment"] as? [String: Any])?["id"] as? Int)
            let moderator = HTTPFields.bearer(harness.moderatorToken)
            // Each write, and a different request under the same key.
            let writes: [(uri: String, headers: HTTPFields, body: [String: Any], other: [String: Any], status: HTTPResponse.Status)] = [
                ("/api/comments/\(id)/reports", .json, ["reason": "rude", "reporter": "Bob"], ["reason": "spam", "reporter": "Bob"], .accepted),
                ("/api/comments/\(id)/votes", .json, ["value": -1, "voter": "Bob"], ["value": 1, "voter": "Bob"], .ok),
                ("/api/admin/comments/\(id)/decision", moderator, ["action": "reject"], ["action": "spam"], .ok),
                ("/api/admin/authors/Troll/ban", moderator, ["duration": "7d", "reason": "trolling"], ["duration": "1d"], .ok),
            ]
            for (index, write) in writes.enumerated() {
                let headers = Self.keyed(write.headers, "k-\(index)")
                let first = try await client.execute(uri: write.uri, method: .post, headers: headers, body: Body.json(write.body))
                #expect(first.status == write.status, "\(write.uri): \(first.text)")
                #expect(first.headers[Self.replayed] == nil)
                let events = try count(harness, "SELECT count(*) FROM moderation_events")
                let second = try await client.execute(uri: write.uri, method: .post, headers: headers, body: Body.json(write.body))
                #expect(second.status == write.status && second.text == first.text, "\(write.uri)")
                #expect(second.headers[Self.replayed] == "true", "\(write.uri)")
                #expect(try count(harness, "SELECT count(*) FROM moderation_events") == events, "\(write.uri) stored nothing new")
                let reused = try await client.execute(uri: write.uri, method: .post, headers: headers, body: Body.json(write.other))
                #expect(reused.status == .unprocessableContent && reused.errorCode == "idempotency_key_reused", "\(write.uri)")
            }
            #expect(try count(harness, "SELECT count(*) FROM reports") == 1)
            #expect(try count(harness, "SELECT count(*) FROM votes") == 1)
            #expect(try count(harness, "SELECT count(*) FROM idempotency_answers") == 4)
            // A refused decision keeps nothing: its retry is decided again.
            let refused = try await client.execute(uri: "/api/admin/comments/999999/decision", method: .post,
                                                   headers: Self.keyed(moderator, "k-missing"), body: Body.json(["action": "approve"]))
            #expect(refused.status == .notFound)
            #expect(try count(harness, "SELECT count(*) FROM idempotency_answers") == 4)
            let bad = try await client.execute(uri: "/api/comments/\(id)/votes", method: .post,
                                               headers: Self.keyed(.json, String(repeating: "k", count: 201)),
                                               body: Body.json(["value": 1, "voter": "Cid"]))
            #expect(bad.status == .badRequest && bad.errorCode == "invalid_idempotency_key")
        }
    }

    @Test func aRejectedEditAnswers422AndLeavesTheCommentAsItWas() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let posted = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                  body: Body.json(["author": ["name": "Ann"], "body": "A calm remark"]))
            let id = try #require((posted.object["comment"] as? [String: Any])?["id"] as? Int)
            var headers = HTTPFields.json
            headers[.init("X-Edit-Token")!] = try #require(posted.object["edit_token"] as? String)
            let rejected = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: headers,
                                                    body: Body.json(["body": "I will kill you"]))
            #expect(rejected.status == .unprocessableContent && rejected.errorCode == "rejected")
            #expect(rejected.text.contains("Threats of violence are not allowed"))
            let thread = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            let shown = (thread.object["comments"] as? [[String: Any]])?.first
            #expect(shown?["body"] as? String == "A calm remark" && shown?["edited_at"] is NSNull)
            #expect(try count(harness, "SELECT count(*) FROM comment_edits WHERE body = 'I will kill you' AND state = 'rejected'") == 1)
            #expect(try count(harness, "SELECT count(*) FROM moderation_events WHERE kind = 'edit' AND action = 'reject'") == 1)

            let held = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: headers,
                                                body: Body.json(["body": "you idiot"]))
            #expect(held.status == .ok && held.object["state"] as? String == "pending")
            #expect(held.object["reason"] as? String == "Possible personal attack")
            let published = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: headers,
                                                     body: Body.json(["body": "A calmer remark"]))
            #expect(published.status == .ok && published.object["state"] as? String == "pending", "an edit never un-hides")
        }
    }
}
