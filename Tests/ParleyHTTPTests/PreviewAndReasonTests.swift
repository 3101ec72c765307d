import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParleyHTTP
import Testing

/// `POST /api/preview`, and the reason a held post is given.
@Suite struct PreviewAndReasonTests {
    @Test func previewRendersTheSafeMarkdownOfPosts() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var response = try await client.execute(uri: "/api/preview", method: .post, headers: .json,
                                                    body: Body.json(["body": "*Hi* <script>alert(1)</script> [x](javascript:alert(1))"]))
            #expect(response.status == .ok)
            let html = try #require(response.object["html"] as? String)
            #expect(html.hasPrefix("<p><em>Hi</em> &lt;script&gt;"))
            #expect(!html.contains("<script") && !html.contains("href=\"javascript"))
            #expect(response.object.count == 1)

            response = try await client.execute(uri: "/api/preview", method: .post, headers: .json, body: Body.json(["body": "  \n "]))
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "empty_body")
            response = try await client.execute(uri: "/api/preview", method: .post, headers: .json,
                                                body: Body.json(["body": String(repeating: "a", count: 10_001)]))
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "body_too_long")
            response = try await client.execute(uri: "/api/preview", method: .post, headers: .json, body: Body.json(["text": "x"]))
            #expect(response.status == .badRequest)
        }
    }

    /// Limited like writes. One write a minute: the burst is one request and the next token is a
    /// minute away, so the second preview is refused however slowly a loaded machine runs the test.
    @Test func previewIsLimitedLikeWrites() async throws {
        let harness = try await Harness.make(configure: { $0.writesPerMinutePerIP = 1 })
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var response = try await client.execute(uri: "/api/preview", method: .post, headers: .json, body: Body.json(["body": "first"]))
            #expect(response.status == .ok)
            response = try await client.execute(uri: "/api/preview", method: .post, headers: .json, body: Body.json(["body": "again"]))
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] != nil)
        }
    }

    @Test func aHeldPostSaysWhyAndAPublishedOneHasNoReason() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                    body: Body.json(["author": ["name": "Rude"], "body": "you idiot"]))
            #expect(response.status == .created)
            #expect(response.object["state"] as? String == "pending")
            #expect(response.object["reason"] as? String == "Possible personal attack")

            response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                body: Body.json(["author": ["name": "Kind"], "body": "Thank you"]))
            #expect(response.object["state"] as? String == "published")
            #expect(response.object.keys.contains("reason"))
            #expect(response.object["reason"] is NSNull)

            response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                body: Body.json(["author": ["name": "Mean"], "body": "I will kill you"]))
            #expect(response.status == .unprocessableContent)
            #expect((response.object["error"] as? [String: Any])?["message"] as? String == "Threats of violence are not allowed")
        }
    }
}
