import ParleyRender
import Testing

@Suite struct XSSCorpusTests {
    @Test func theCorpusIsLargeAndDistinct() {
        #expect(XSSPayloads.all.count >= 40)
        #expect(Set(XSSPayloads.all).count == XSSPayloads.all.count)
    }

    @Test(arguments: XSSPayloads.all)
    func payloadIsInert(_ payload: String) {
        let html = SafeMarkdown.html(payload)
        #expect(InertnessChecker.problems(in: html) == [], "\(html)")
        // Without http(s):// or mailto: in the body there is nothing to link.
        if !["http://", "https://", "mailto:"].contains(where: payload.lowercased().contains) {
            #expect(!html.contains("<a "), "\(html)")
        }
    }

    @Test(arguments: XSSPayloads.all)
    func payloadIsInertInEveryContext(_ payload: String) {
        for (index, context) in XSSPayloads.contexts.enumerated() {
            let html = SafeMarkdown.html(context(payload))
            #expect(InertnessChecker.problems(in: html) == [], "context \(index): \(html)")
        }
    }

    @Test func everyOpeningAngleBracketOfThePayloadsIsShownAsText() {
        // A fence's info string is not shown, so fences are left out here.
        for payload in XSSPayloads.all where !payload.contains("```") {
            let html = SafeMarkdown.html(payload)
            let shown = InertnessChecker.visibleText(of: html)
            #expect(shown.unicodeScalars.count(where: { $0 == "<" }) == payload.unicodeScalars.count(where: { $0 == "<" }),
                    "\(payload) → \(html)")
        }
    }

    @Test func schemeSpellingsNeverBecomeLinks() {
        let spellings = ["javascript:", "JAVASCRIPT:", "java\tscript:", " javascript:", "&#106;avascript:",
                         "&#x6a;avascript:", "&#106avascript:", "javascript&colon;", "javascript&#58;",
                         "%6a%61vascript:", "javascript%3a", "j&#x61;v&#97;script:", "vbscript:",
                         "data:", "DaTa:", "livescript:", "file:", "ftp:", "//", "/", "#", "?"]
        for spelling in spellings {
            let html = SafeMarkdown.html("[x](\(spelling)alert(1))")
            #expect(!html.contains("<a "), "\(spelling) → \(html)")
        }
    }

    @Test func theKeyPayloadsComeOutExactly() {
        #expect(SafeMarkdown.html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
        #expect(SafeMarkdown.html("&lt;script&gt;") == "<p>&amp;lt;script&amp;gt;</p>")
        #expect(SafeMarkdown.html("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>")
        #expect(SafeMarkdown.html("[x](\u{0}javascript:alert(1))") == "<p>[x](\u{FFFD}javascript:alert(1))</p>")
        #expect(SafeMarkdown.html("[<img src=x onerror=alert(1)>](https://ok.example)")
            == "<p><a href=\"https://ok.example\" rel=\"nofollow ugc\">&lt;img src=x onerror=alert(1)&gt;</a></p>")
        #expect(SafeMarkdown.html("[x](https://ok.example'onmouseover='alert(1))")
            == "<p><a href=\"https://ok.example&#39;onmouseover=&#39;alert(1)\" rel=\"nofollow ugc\">x</a></p>")
        #expect(SafeMarkdown.html("https://ok.example/\"onmouseover=\"alert(1)")
            == "<p><a href=\"https://ok.example/\" rel=\"nofollow ugc\">https://ok.example/</a>&quot;onmouseover=&quot;alert(1)</p>")
        #expect(SafeMarkdown.html("[b]([a](https://ok.example))")
            == "<p>[b](<a href=\"https://ok.example\" rel=\"nofollow ugc\">a</a>)</p>")
        #expect(SafeMarkdown.html("```\n<script>alert(1)</script>\n```")
            == "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>")
    }
}
