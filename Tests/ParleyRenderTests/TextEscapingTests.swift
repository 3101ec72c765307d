import ParleyRender
import Testing

@Suite struct TextEscapingTests {
    @Test func rawHTMLIsShownAsText() {
        #expect(SafeMarkdown.html("<b>x</b>") == "<p>&lt;b&gt;x&lt;/b&gt;</p>")
        #expect(SafeMarkdown.html("a <!-- b --> c") == "<p>a &lt;!-- b --&gt; c</p>")
    }

    @Test func theFiveCharactersAreEscapedEverywhere() {
        #expect(SafeMarkdown.html("Tom & \"Jerry's\" <3 >_>")
            == "<p>Tom &amp; &quot;Jerry&#39;s&quot; &lt;3 &gt;_&gt;</p>")
        #expect(SafeMarkdown.html("`'\"&`") == "<p><code>&#39;&quot;&amp;</code></p>")
    }

    @Test func entitiesAreText() {
        #expect(SafeMarkdown.html("&lt;script&gt;") == "<p>&amp;lt;script&amp;gt;</p>")
        #expect(SafeMarkdown.html("&amp; &#106; &copy;") == "<p>&amp;amp; &amp;#106; &amp;copy;</p>")
    }

    @Test func backslashesAreText() {
        #expect(SafeMarkdown.html("C:\\path\\*x*") == "<p>C:\\path\\<em>x</em></p>")
    }

    @Test(arguments: [
        "Слава Україні 🇺🇦",
        "👍🏽 👨‍👩‍👧‍👦 ❤️",
        "שלום עליכם",
        "مرحبا بالعالم",
        "e\u{301}te\u{301} n\u{303}",
        "日本語のコメント",
        "＜script＞ fullwidth",
        "\u{202E}override\u{202C} and \u{200F}rlm",
        "zero\u{200B}width",
    ])
    func unicodeTextPassesThroughUnchanged(_ text: String) {
        #expect(SafeMarkdown.html(text) == "<p>\(text)</p>")
        #expect(SafeMarkdown.html(text).unicodeScalars.elementsEqual("<p>\(text)</p>".unicodeScalars))
    }

    @Test func unicodeNextToMarkup() {
        #expect(SafeMarkdown.html("*Україна*, **שלום** & `日本`")
            == "<p><em>Україна</em>, <strong>שלום</strong> &amp; <code>日本</code></p>")
        #expect(SafeMarkdown.html("<\u{338}b>") == "<p>&lt;\u{338}b&gt;</p>")
    }

    @Test func nulBecomesTheReplacementCharacter() {
        #expect(SafeMarkdown.html("a\u{0}b") == "<p>a\u{FFFD}b</p>")
    }
}
