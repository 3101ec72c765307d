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

@Suite struct OperationsTests {
    @Test func healthReadinessAndMetrics() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok && response.object["status"] as? String == "ok")
            response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .ok && response.object["status"] as? String == "ready")
            _ = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                         body: Body.json(["author": ["name": "A"], "body": "what an idiot"]))
            response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = response.text
            #expect(text.contains("parley_queue_depth 1"))
            #expect(text.contains("parley_moderation_decisions_total{action=\"hold\"} 1"))
            #expect(text.contains("parley_moderation_rules_fired_total{rule=\"insults\",action=\"hold\"} 1"))
            #expect(text.contains("parley_db_pool_open"))
            #expect(text.contains("parley_group_commit_batches 1") && text.contains("parley_group_commit_posts 1"), "\(text)")
        }
    }

    @Test func readinessFailsWhenMigrationsArePending() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let connection = try harness.test.connection()
        try connection.execute("DELETE FROM parley_migrations WHERE version = (SELECT max(version) FROM parley_migrations)")
        connection.close()
        try await harness.application.test(.router) { client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .serviceUnavailable && response.errorCode == "migrations_pending")
            #expect(response.headers[.retryAfter] != nil)
        }
    }

    @Test func corsAllowsOnlyListedOrigins() async throws {
        let harness = try await Harness.make { $0.corsOrigins = ["https://news.example"] }
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var response = try await client.execute(uri: "/api/counts?articles=story", method: .get, headers: [.origin: "https://news.example"])
            #expect(response.headers[.accessControlAllowOrigin] == "https://news.example")
            response = try await client.execute(uri: "/api/counts?articles=story", method: .get, headers: [.origin: "https://evil.example"])
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            response = try await client.execute(uri: "/api/articles/story/comments", method: .options,
                                                headers: [.origin: "https://news.example", .accessControlRequestMethod: "POST"])
            #expect(response.status == .noContent)
            #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
            response = try await client.execute(uri: "/api/articles/story/comments", method: .options,
                                                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"])
            #expect(response.status == .forbidden)
            // Error answers carry it too: the embed on the site must read why a request failed.
            response = try await client.execute(uri: "/api/articles/no-such-story/comments", method: .get,
                                                headers: [.origin: "https://news.example"])
            #expect(response.status == .notFound)
            #expect(response.headers[.accessControlAllowOrigin] == "https://news.example")
            #expect(response.headers[.accessControlExposeHeaders]?.contains("Retry-After") == true)
        }
    }

    @Test func authorsAreRateLimitedWith429AndRetryAfter() async throws {
        // 1 a minute: one, then the next a minute later. (At 12 a minute, bursts of 2 then one
        // every 5 s, a machine busy enough to take 5 s over two posts let a third through.)
        let harness = try await Harness.make { $0.commentsPerMinutePerAuthor = 1 }
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<4 {
                let response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                        body: Body.json(["author": ["name": "Fast"], "body": "Comment \(index)"]))
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                    #expect(response.errorCode == "rate_limited")
                }
            }
            #expect(statuses == [.created, .tooManyRequests, .tooManyRequests, .tooManyRequests])
            let other = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                 body: Body.json(["author": ["name": "Calm"], "body": "Hello"]))
            #expect(other.status == .created, "another author is not affected")
        }
        #expect(try await harness.test.database.articles.find(key: "story")?.totalCount == 2, "refused requests store nothing")
    }

    @Test func addressesAreRateLimitedForReadsAndWrites() async throws {
        let harness = try await Harness.make {
            // One write a minute (at 6, two posts that took over 10 s on a busy machine were both
            // let through); reads, a burst of 2 then one every 5 s, are quick counts requests.
            $0.writesPerMinutePerIP = 1
            $0.readsPerMinutePerIP = 12
        }
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            var writes: [HTTPResponse.Status] = []
            for index in 0..<2 {
                writes.append(try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                       body: Body.json(["author": ["name": "A\(index)"], "body": "Hi"])).status)
            }
            #expect(writes == [.created, .tooManyRequests])
            var reads: [HTTPResponse.Status] = []
            for _ in 0..<3 { reads.append(try await client.execute(uri: "/api/counts?articles=story", method: .get).status) }
            #expect(reads == [.ok, .ok, .tooManyRequests])
        }
    }

    @Test func storedXSSComesOutInert() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let payloads = [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "<a href=\"javascript:alert(1)\">x</a>",
            "[x](https://ok.example\" onmouseover=\"alert(1))", "**<script>**", "> <iframe src=javascript:alert(1)>",
            "`<script>`", "<style>body{display:none}</style>", "&lt;script&gt;", "<body onload=alert(1)>",
            "[<img src=x onerror=alert(1)>](https://ok.example)", "<scr<script>ipt>alert(1)</script>",
        ]
        try await harness.application.test(.router) { client in
            for payload in payloads {
                let response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                        body: Body.json(["author": ["name": "X"], "body": payload]))
                let html = try #require((response.object["comment"] as? [String: Any])?["html"] as? String, "\(payload): \(response.text)")
                #expect(Self.onlyAllowedTags(html), "\(payload) → \(html)")
            }
            let link = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                body: Body.json(["author": ["name": "L"], "body": "see [this](https://news.example/a)"]))
            let html = (link.object["comment"] as? [String: Any])?["html"] as? String ?? ""
            #expect(html.contains("<a href=\"https://news.example/a\" rel=\"nofollow ugc\">this</a>"), "\(html)")
        }
    }

    /// Every `<` in the output starts one of the renderer's own tags, whose only attributes are
    /// an http(s)/mailto href and rel; everything else was escaped to text.
    static func onlyAllowedTags(_ html: String) -> Bool {
        let allowed: Set<String> = ["p", "/p", "br", "em", "/em", "strong", "/strong", "code", "/code", "pre", "/pre",
                                    "blockquote", "/blockquote", "/a"]
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            if tag.hasPrefix("a ") {
                guard tag.wholeMatch(of: /a href="(https?:\/\/|mailto:)[^"<>]*" rel="nofollow ugc"/) != nil else { return false }
                if tag.lowercased().contains("javascript:") { return false }
            } else if !allowed.contains(String(tag)) {
                return false
            }
            rest = rest[rest.index(after: close)...]
        }
        return true
    }
}
