import Testing

/// The checker must catch what it is there to catch, or the corpus proves nothing.
@Suite struct InertnessCheckerTests {
    @Test(arguments: [
        "<script>alert(1)</script>",
        "<p onclick=\"alert(1)\">x</p>",
        "<P>x</P>",
        "<p >x</p>",
        "<img src=x>",
        "<a href=\"javascript:alert(1)\" rel=\"nofollow ugc\">x</a>",
        "<a href=\"JAVASCRIPT:alert(1)\" rel=\"nofollow ugc\">x</a>",
        "<a href=\" javascript:alert(1)\" rel=\"nofollow ugc\">x</a>",
        "<a href=\"/relative\" rel=\"nofollow ugc\">x</a>",
        "<a href=\"https://ok.example/?u=%6a%61vascript:x\" rel=\"nofollow ugc\">x</a>",
        "<a href=\"https://ok.example/?u=&amp;#x64;ata:x\" rel=\"nofollow ugc\">x</a>",
        "<a href=\"https://ok.example\" rel=\"nofollow ugc\" onclick=\"x\">x</a>",
        "<a href=\"https://ok.example\" onclick=\"x\" rel=\"nofollow ugc\">x</a>",
        "<a href=\"https://ok.example\">x</a>",
        "<a href='https://ok.example' rel=\"nofollow ugc\">x</a>",
        "<a href=\"https://ok.example\" rel=\"nofollow ugc\"><a href=\"https://ok.example\" rel=\"nofollow ugc\">x</a></a>",
        "<p>x</em>",
        "<p><em>x</p></em>",
        "<p>x",
        "<p>a > b</p>",
        "<p>\"quoted\"</p>",
        "<p>it's</p>",
        "<p>&#106;</p>",
        "<p>&nbsp;</p>",
        "<p>AT&T</p>",
        "<p><\u{338}script></p>",
    ])
    func flags(_ html: String) {
        #expect(!InertnessChecker.problems(in: html).isEmpty, "\(html)")
    }

    @Test func acceptsWhatParleyWrites() {
        let html = "<p><em>a</em> <strong>b</strong> <code>&lt;c&gt;</code><br>"
            + "<a href=\"https://ok.example/?a=1&amp;b=&#39;2&#39;\" rel=\"nofollow ugc\">d</a></p>\n"
            + "<blockquote><p>&quot;e&quot; &amp; f</p></blockquote>\n<pre><code>g\n</code></pre>"
        #expect(InertnessChecker.problems(in: html) == [])
    }

    @Test func visibleTextDecodesEscapesAndKeepsLinkTargets() {
        let html = "<p>a &lt;b&gt; <a href=\"https://x.example\" rel=\"nofollow ugc\">c</a> "
            + "<a href=\"https://y.example\" rel=\"nofollow ugc\">https://y.example</a></p>"
        #expect(InertnessChecker.visibleText(of: html) == "a <b> chttps://x.example https://y.example")
    }
}
