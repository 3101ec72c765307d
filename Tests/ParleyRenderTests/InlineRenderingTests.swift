import ParleyRender
import Testing

@Suite struct InlineRenderingTests {
    @Test func emphasis() {
        #expect(SafeMarkdown.html("*em*") == "<p><em>em</em></p>")
        #expect(SafeMarkdown.html("_em_") == "<p><em>em</em></p>")
        #expect(SafeMarkdown.html("**strong**") == "<p><strong>strong</strong></p>")
        #expect(SafeMarkdown.html("__strong__") == "<p><strong>strong</strong></p>")
        #expect(SafeMarkdown.html("***both***") == "<p><em><strong>both</strong></em></p>")
        #expect(SafeMarkdown.html("a *b* c **d** e") == "<p>a <em>b</em> c <strong>d</strong> e</p>")
    }

    @Test func nestedEmphasis() {
        #expect(SafeMarkdown.html("*a **b** c*") == "<p><em>a <strong>b</strong> c</em></p>")
        #expect(SafeMarkdown.html("**a *b* c**") == "<p><strong>a <em>b</em> c</strong></p>")
        #expect(SafeMarkdown.html("*foo**bar**baz*") == "<p><em>foo<strong>bar</strong>baz</em></p>")
        #expect(SafeMarkdown.html("_a *b* c_") == "<p><em>a <em>b</em> c</em></p>")
    }

    @Test func emphasisAcrossALineBreak() {
        #expect(SafeMarkdown.html("*one\ntwo*") == "<p><em>one<br>two</em></p>")
    }

    @Test func wordsAndUnderscores() {
        #expect(SafeMarkdown.html("snake_case_name") == "<p>snake_case_name</p>")
        #expect(SafeMarkdown.html("2*3*4") == "<p>2<em>3</em>4</p>")
        #expect(SafeMarkdown.html("__init__ method") == "<p><strong>init</strong> method</p>")
    }

    @Test func unbalancedMarkersAreText() {
        #expect(SafeMarkdown.html("*a") == "<p>*a</p>")
        #expect(SafeMarkdown.html("a**") == "<p>a**</p>")
        #expect(SafeMarkdown.html("**a*") == "<p>*<em>a</em></p>")
        #expect(SafeMarkdown.html("* not emphasis *") == "<p>* not emphasis *</p>")
        #expect(SafeMarkdown.html("*a _b* c_") == "<p><em>a _b</em> c_</p>")
        #expect(SafeMarkdown.html("****") == "<p>****</p>")
        #expect(SafeMarkdown.html("5 * 3 = 15, 2 * 2 = 4") == "<p>5 * 3 = 15, 2 * 2 = 4</p>")
    }

    @Test func codeSpans() {
        #expect(SafeMarkdown.html("`code`") == "<p><code>code</code></p>")
        #expect(SafeMarkdown.html("`a *b* _c_ [d](https://e.example) https://f.example`")
            == "<p><code>a *b* _c_ [d](https://e.example) https://f.example</code></p>")
        #expect(SafeMarkdown.html("`` a`b ``") == "<p><code>a`b</code></p>")
        #expect(SafeMarkdown.html("` `` `") == "<p><code>``</code></p>")
        #expect(SafeMarkdown.html("`<b>&amp;</b>`") == "<p><code>&lt;b&gt;&amp;amp;&lt;/b&gt;</code></p>")
        #expect(SafeMarkdown.html("`one\ntwo`") == "<p><code>one two</code></p>")
    }

    @Test func codeSpansBindBeforeEmphasis() {
        #expect(SafeMarkdown.html("*a `*` b*") == "<p><em>a <code>*</code> b</em></p>")
        #expect(SafeMarkdown.html("*a `b* c`") == "<p>*a <code>b* c</code></p>")
    }

    @Test func unmatchedBackticksAreText() {
        #expect(SafeMarkdown.html("`a") == "<p>`a</p>")
        #expect(SafeMarkdown.html("``a`") == "<p>``a`</p>")
        #expect(SafeMarkdown.html("``a`b``c`") == "<p><code>a`b</code>c`</p>")
    }
}
