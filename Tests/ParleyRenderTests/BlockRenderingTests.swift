import ParleyRender
import Testing

@Suite struct BlockRenderingTests {
    @Test func paragraphsAndLineBreaks() {
        #expect(SafeMarkdown.html("hello") == "<p>hello</p>")
        #expect(SafeMarkdown.html("a\nb") == "<p>a<br>b</p>")
        #expect(SafeMarkdown.html("a\n\nb") == "<p>a</p>\n<p>b</p>")
        #expect(SafeMarkdown.html("a\n\n \t\n\nb\nc") == "<p>a</p>\n<p>b<br>c</p>")
        #expect(SafeMarkdown.html("  indented  \n\ttabbed\t") == "<p>indented<br>tabbed</p>")
        #expect(SafeMarkdown.html("windows\r\nline\rends") == "<p>windows<br>line<br>ends</p>")
        #expect(SafeMarkdown.html("\r\n\r\nx\r\n\r\n") == "<p>x</p>")
    }

    @Test func emptyBodies() {
        #expect(SafeMarkdown.html("") == "")
        #expect(SafeMarkdown.html("\n \n\t\n") == "")
    }

    @Test func fencedCodeKeepsItsTextAsTyped() {
        #expect(SafeMarkdown.html("```\n*not em* <b>&amp;</b>\n  [x](https://a.example)\n> no quote\n```")
            == "<pre><code>*not em* &lt;b&gt;&amp;amp;&lt;/b&gt;\n  [x](https://a.example)\n&gt; no quote\n</code></pre>")
        #expect(SafeMarkdown.html("```\n\n  two blank lines kept\n\n```") == "<pre><code>\n  two blank lines kept\n\n</code></pre>")
        #expect(SafeMarkdown.html("```\n```") == "<pre><code></code></pre>")
    }

    @Test func theInfoStringIsDroppedNeverAnAttribute() {
        #expect(SafeMarkdown.html("```swift\nlet x = 1\n```") == "<pre><code>let x = 1\n</code></pre>")
        #expect(SafeMarkdown.html("``` \" onclick=\"x\nlet x = 1\n```") == "<pre><code>let x = 1\n</code></pre>")
    }

    @Test func fencesInterruptParagraphs() {
        #expect(SafeMarkdown.html("before\n```\ncode\n```\nafter")
            == "<p>before</p>\n<pre><code>code\n</code></pre>\n<p>after</p>")
    }

    @Test func aFenceClosesOnlyWithAtLeastAsManyBackticks() {
        #expect(SafeMarkdown.html("````\n```\n`````") == "<pre><code>```\n</code></pre>")
        #expect(SafeMarkdown.html("  ```\ncode\n   ```") == "<pre><code>code\n</code></pre>")
    }

    @Test func anUnclosedFenceIsText() {
        #expect(SafeMarkdown.html("```\ncode *x*") == "<p>```<br>code <em>x</em></p>")
        #expect(SafeMarkdown.html("````\ncode\n```") == "<p>````<br>code<br>```</p>")
    }

    @Test func blockQuotes() {
        #expect(SafeMarkdown.html("> quoted") == "<blockquote><p>quoted</p></blockquote>")
        #expect(SafeMarkdown.html(">no space") == "<blockquote><p>no space</p></blockquote>")
        #expect(SafeMarkdown.html("> a\n> b") == "<blockquote><p>a<br>b</p></blockquote>")
        #expect(SafeMarkdown.html("> a\n>\n> b") == "<blockquote><p>a</p>\n<p>b</p></blockquote>")
        #expect(SafeMarkdown.html("> *she* said [this](https://a.example)")
            == "<blockquote><p><em>she</em> said <a href=\"https://a.example\" rel=\"nofollow ugc\">this</a></p></blockquote>")
        #expect(SafeMarkdown.html("my reply\n> their words\nmore of mine")
            == "<p>my reply</p>\n<blockquote><p>their words</p></blockquote>\n<p>more of mine</p>")
    }

    @Test func nestedQuotes() {
        #expect(SafeMarkdown.html("> outer\n> > inner\n> outer again")
            == "<blockquote><p>outer</p>\n<blockquote><p>inner</p></blockquote>\n<p>outer again</p></blockquote>")
        #expect(SafeMarkdown.html(">> a") == "<blockquote><blockquote><p>a</p></blockquote></blockquote>")
    }

    @Test func quotesNestThreeDeepThenShowTheMarker() {
        #expect(SafeMarkdown.html(">>> three")
            == "<blockquote><blockquote><blockquote><p>three</p></blockquote></blockquote></blockquote>")
        #expect(SafeMarkdown.html(">>>> four")
            == "<blockquote><blockquote><blockquote><p>&gt; four</p></blockquote></blockquote></blockquote>")
    }

    @Test func codeInsideAQuote() {
        #expect(SafeMarkdown.html("> ```\n> <b>*x*</b>\n> ```")
            == "<blockquote><pre><code>&lt;b&gt;*x*&lt;/b&gt;\n</code></pre></blockquote>")
    }
}
