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

/// The reader's embed as files: cached by ETag, the right content types, nothing a strict
/// Content-Security-Policy would block; and the demo page, off unless asked for.
@Suite struct EmbedRouteTests {
    @Test func scriptAndStyleAreServedWithStrongETagsAndAnswer304() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            for (path, type) in [("/embed.js", "text/javascript; charset=utf-8"), ("/embed.css", "text/css; charset=utf-8")] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == type)
                #expect(response.headers[.cacheControl] == "public, max-age=300")
                let etag = try #require(response.headers[.eTag])
                #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))
                #expect(response.body.readableBytes > 1000)
                let again = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag])
                #expect(again.status == .notModified && again.body.readableBytes == 0)
                let stale = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: "\"stale\""])
                #expect(stale.status == .ok)
            }
        }
    }

    @Test func theEmbedNeedsNothingAStrictPolicyForbids() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let script = try await client.execute(uri: "/embed.js", method: .get).text
            let style = try await client.execute(uri: "/embed.css", method: .get).text
            for forbidden in ["eval(", "new Function", "document.cookie", ".style.", "setAttribute('style'", "setAttribute(\"style\"",
                              "document.write", "http://", "https://"] {
                #expect(!script.contains(forbidden), "embed.js contains \(forbidden)")
            }
            #expect(!style.contains("@import") && !style.contains("url("), "embed.css loads nothing")
            for hook in ["data-parley-comment-id", "data-parley-form", "data-parley-status", "data-parley-count", "parley-sort"] {
                #expect(script.contains(hook), "embed.js lacks the hook \(hook)")
            }
            #expect(style.contains("--parley-accent") && style.contains("prefers-color-scheme: dark"))
        }
    }

    @Test func demoPagesAreOffByDefault() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let page = try await client.execute(uri: "/demo/story", method: .get)
            let style = try await client.execute(uri: "/demo.css", method: .get)
            #expect(page.status == .notFound && style.status == .notFound)
        }
    }

    @Test func theDemoPageCarriesTheEmbedUnderAStrictPolicyAndEscapesTheTitle() async throws {
        let harness = try await Harness.make { $0.demoPages = true }
        defer { Task { await harness.close() } }
        _ = try await harness.test.database.articles.create(NewArticle(
            key: "hostile", title: "<script>window.__pwned=1</script> & \"quotes\" <img src=x onerror=alert(1)>"))
        try await harness.application.test(.router) { client in
            let response = try await client.execute(uri: "/demo/hostile", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.headers[.contentSecurityPolicy] == "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
            let page = response.text
            #expect(!page.contains("<script>window") && !page.contains("<img"))
            #expect(page.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp; &quot;quotes&quot;"))
            #expect(page.contains("<div data-parley-article=\"hostile\"></div>"))
            #expect(page.contains("<script src=\"/embed.js\" defer></script>"))
            #expect(page.contains("data-parley-count=\"story\""))
            #expect(!page.contains("style=") && !page.contains("<style") && !page.contains("{{"))

            let ukrainian = try await client.execute(uri: "/demo/hostile?lang=uk", method: .get).text
            #expect(ukrainian.contains("<html lang=\"uk\">"))
            let odd = try await client.execute(uri: "/demo/hostile?lang=%22%3E%3Cscript%3E", method: .get).text
            #expect(odd.contains("<html lang=\"en\">"))

            let missing = try await client.execute(uri: "/demo/no-such-story", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentSecurityPolicy] != nil && missing.text.contains("no-such-story"))
            #expect(!missing.text.contains("embed.js"))
            let style = try await client.execute(uri: "/demo.css", method: .get)
            #expect(style.status == .ok && style.headers[.contentType] == "text/css; charset=utf-8")
        }
    }
}
