import ParleyRender
import Testing

@Suite struct LinkRenderingTests {
    static func link(_ href: String, _ text: String) -> String {
        "<a href=\"\(href)\" rel=\"nofollow ugc\">\(text)</a>"
    }

    @Test func markdownLinks() {
        #expect(SafeMarkdown.html("[parley](https://parley.example/)")
            == "<p>\(Self.link("https://parley.example/", "parley"))</p>")
        #expect(SafeMarkdown.html("[plain](http://news.example/a)")
            == "<p>\(Self.link("http://news.example/a", "plain"))</p>")
        #expect(SafeMarkdown.html("[write to us](mailto:desk@news.example)")
            == "<p>\(Self.link("mailto:desk@news.example", "write to us"))</p>")
        #expect(SafeMarkdown.html("[Case](HTTPS://News.Example/Path)")
            == "<p>\(Self.link("HTTPS://News.Example/Path", "Case"))</p>")
    }

    @Test func everyLinkIsNofollowUgc() {
        let html = SafeMarkdown.html("[a](https://a.example) https://b.example\n> [c](mailto:c@c.example)")
        #expect(html.ranges(of: "<a ").count == 3)
        #expect(html.ranges(of: "\" rel=\"nofollow ugc\">").count == 3)
    }

    @Test func urlsAreEscapedNotRewritten() {
        #expect(SafeMarkdown.html("[q](https://a.example/?x=1&y=2)")
            == "<p>\(Self.link("https://a.example/?x=1&amp;y=2", "q"))</p>")
        #expect(SafeMarkdown.html("[q](https://a.example/it's)")
            == "<p>\(Self.link("https://a.example/it&#39;s", "q"))</p>")
        #expect(SafeMarkdown.html("[q](https://a.example/%20x)")
            == "<p>\(Self.link("https://a.example/%20x", "q"))</p>")
    }

    @Test func balancedParenthesesBelongToTheURL() {
        #expect(SafeMarkdown.html("[Swift](https://en.wikipedia.org/wiki/Swift_(programming_language))")
            == "<p>\(Self.link("https://en.wikipedia.org/wiki/Swift_(programming_language)", "Swift"))</p>")
    }

    @Test func spacesAroundTheURL() {
        #expect(SafeMarkdown.html("[x]( https://a.example )") == "<p>\(Self.link("https://a.example", "x"))</p>")
        #expect(SafeMarkdown.html("[x](https://a.example \"title\")") == "<p>[x](\(Self.link("https://a.example", "https://a.example")) &quot;title&quot;)</p>")
    }

    @Test func linkTextHoldsEmphasisAndCode() {
        #expect(SafeMarkdown.html("[*new* `api`](https://a.example)")
            == "<p>\(Self.link("https://a.example", "<em>new</em> <code>api</code>"))</p>")
        #expect(SafeMarkdown.html("*see [the **story**](https://a.example)*")
            == "<p><em>see \(Self.link("https://a.example", "the <strong>story</strong>"))</em></p>")
    }

    @Test func emphasisDoesNotCrossALinkBoundary() {
        #expect(SafeMarkdown.html("*a [b*](https://a.example)") == "<p>*a \(Self.link("https://a.example", "b*"))</p>")
    }

    @Test func linksDoNotNest() {
        #expect(SafeMarkdown.html("[[a](https://x.example)](https://y.example)")
            == "<p>[\(Self.link("https://x.example", "a"))](\(Self.link("https://y.example", "https://y.example")))</p>")
        #expect(SafeMarkdown.html("[see https://a.example](https://b.example)")
            == "<p>\(Self.link("https://b.example", "see https://a.example"))</p>")
    }

    @Test func refusedURLsLeaveTheWholeLinkAsText() {
        #expect(SafeMarkdown.html("[x](/relative)") == "<p>[x](/relative)</p>")
        #expect(SafeMarkdown.html("[x](ftp://a.example)") == "<p>[x](ftp://a.example)</p>")
        #expect(SafeMarkdown.html("[x]()") == "<p>[x]()</p>")
        #expect(SafeMarkdown.html("[x](https://)") == "<p>[x](https://)</p>")
        #expect(SafeMarkdown.html("[x] (https://a.example)")
            == "<p>[x] (\(Self.link("https://a.example", "https://a.example")))</p>")
        #expect(SafeMarkdown.html("![alt](https://a.example/i.png)")
            == "<p>!\(Self.link("https://a.example/i.png", "alt"))</p>")
    }

    @Test func bareURLs() {
        #expect(SafeMarkdown.html("read https://news.example/story")
            == "<p>read \(Self.link("https://news.example/story", "https://news.example/story"))</p>")
        #expect(SafeMarkdown.html("http://a.example/x?y=1&z=2#f")
            == "<p>\(Self.link("http://a.example/x?y=1&amp;z=2#f", "http://a.example/x?y=1&amp;z=2#f"))</p>")
    }

    @Test func bareURLsLeaveTrailingPunctuationOut() {
        #expect(SafeMarkdown.html("See https://a.example/story.") == "<p>See \(Self.link("https://a.example/story", "https://a.example/story")).</p>")
        #expect(SafeMarkdown.html("(https://a.example/a)") == "<p>(\(Self.link("https://a.example/a", "https://a.example/a")))</p>")
        #expect(SafeMarkdown.html("https://en.wikipedia.org/wiki/A_(b)!")
            == "<p>\(Self.link("https://en.wikipedia.org/wiki/A_(b)", "https://en.wikipedia.org/wiki/A_(b)"))!</p>")
        #expect(SafeMarkdown.html("*https://a.example*") == "<p><em>\(Self.link("https://a.example", "https://a.example"))</em></p>")
        #expect(SafeMarkdown.html("https://a.example's page") == "<p>\(Self.link("https://a.example", "https://a.example"))&#39;s page</p>")
    }

    @Test func bareURLsStartAWord() {
        #expect(SafeMarkdown.html("xhttps://a.example") == "<p>xhttps://a.example</p>")
        #expect(SafeMarkdown.html("https://") == "<p>https://</p>")
        #expect(SafeMarkdown.html("https:///a") == "<p>https:///a</p>")
        #expect(SafeMarkdown.html("www.a.example") == "<p>www.a.example</p>")
    }

    @Test func invisibleCharactersEndABareURL() {
        #expect(SafeMarkdown.html("https://a.example/\u{202E}gpj.exe")
            == "<p>\(Self.link("https://a.example/", "https://a.example/"))\u{202E}gpj.exe</p>")
    }
}
