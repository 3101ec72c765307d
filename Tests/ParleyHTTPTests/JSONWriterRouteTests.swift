import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport
@testable import ParleyHTTP

/// The hot responses are written by `JSONWriter`; these tests prove the bytes on the wire are
/// what `JSONEncoder` made before: for generated post answers, and end to end for thread
/// pages, counts and the queue over comments with hostile text.
@Suite struct JSONWriterRouteTests {
    static let encoder = ParleyJSON.encoder()

    @Test func postAnswersAreWhatJSONEncoderWrites() {
        var fuzz = JSONFuzz(seed: 600)
        for _ in 0..<500 {
            var comment = fuzz.comment()
            comment.replies = []
            let posted = ReaderWrites.Posted(comment: comment, state: Bool.random(using: &fuzz) ? "published" : "pending",
                                             editToken: "et_" + fuzz.string(maximum: 3), reason: fuzz.maybe { $0.string() })
            let difference = JSONFuzz.difference(posted)
            #expect(difference == nil, "\(difference ?? "")")
            if difference != nil { return }
        }
    }

    static let bodies = [
        "Quotes \"inside\" and back\\slashes \\\\ and a/slash </script>",
        "Tab\there, line\nbreak, CR\r\nLF, bell \u{7}, escape \u{1B}[31m, DEL \u{7F}, form feed \u{C}, backspace \u{8} end",
        "Separators \u{2028} and \u{2029}, BOM \u{FEFF}, zero width \u{200B}\u{200D}",
        "Emoji 😀 👩‍👩‍👧 🇺🇦 👍🏽 and RTL مرحبا بالعالم שלום \u{202E}reversed\u{202C}",
        "\u{301} lone combining mark first, e\u{301} vs é, Київ, 漢字, *emphasis* and `code`",
    ]

    @Test func threadPagesCountsAndTheQueueAreWhatJSONEncoderWrites() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let services = harness.services
        _ = try await harness.test.article("story-2")
        try await harness.application.test(.router) { client in
            var posted: [TestResponse] = []
            for (index, body) in Self.bodies.enumerated() {
                let object: [String: Any] = ["author": ["name": "Ann \(index) \u{2028}\"/"], "body": body]
                posted.append(try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                       body: Body.json(object)))
                #expect(posted.last?.status == .created)
            }
            // A reply, and one held for a moderator (so the queue has an item with a rule).
            let parent = try #require((posted[0].object["comment"] as? [String: Any])?["id"] as? Int)
            _ = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                         body: Body.json(["author": ["name": "Bob"], "body": "You idiot \u{2028}", "parent_id": parent]))

            let response = try await client.execute(uri: "/api/articles/story/comments?limit=3", method: .get)
            let page = try await services.discussion.thread(ThreadRequest(articleKey: "story", limit: 3))
            let document = ThreadPageView(article: ArticleView(readerView: page.article),
                                          comments: page.threads.map { CommentView($0, renderHTML: services.render) },
                                          nextCursor: page.nextCursor?.token)
            #expect(JSONFuzz.difference(Array(response.body.readableBytesView), expected: Array(try Self.encoder.encode(document))) == nil)
            let etag = try #require(response.headers[.eTag])
            #expect(etag == ETag.of(Array(response.body.readableBytesView)))
            let again = try await client.execute(uri: "/api/articles/story/comments?limit=3", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)

            let counts = try await client.execute(uri: "/api/counts?articles=story,story-2,none,a10,a9,A,%C3%A9", method: .get)
            let expectedCounts = try JSONDecoder().decode([String: Int].self, from: Data(counts.body.readableBytesView))
            #expect(expectedCounts.count == 7 && expectedCounts["story"] == Self.bodies.count)
            #expect(JSONFuzz.difference(Array(counts.body.readableBytesView), expected: Array(try Self.encoder.encode(expectedCounts))) == nil)

            let queue = try await client.execute(uri: "/api/admin/queue", method: .get, headers: .bearer(harness.moderatorToken, json: false))
            let items = try await services.desk.queue(QueueFilter(), after: nil, limit: 50)
            #expect(!items.items.isEmpty)
            #expect(JSONFuzz.difference(Array(queue.body.readableBytesView), expected: Array(try Self.encoder.encode(QueuePageView(items)))) == nil)
        }
    }
}
