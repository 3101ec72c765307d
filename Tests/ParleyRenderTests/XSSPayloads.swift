/// Stored-XSS payloads, from the classic filter-evasion lists and from the ways this renderer
/// could go wrong: attribute break-outs, scheme spellings, Markdown that smuggles markup.
enum XSSPayloads {
    static let all: [String] = raw + markdown + links + bareURLs + unicode

    /// HTML as typed into a comment box.
    static let raw = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script>",
        "<iframe src=javascript:alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<style>*{background:url(javascript:alert(1))}</style>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "\"><script>alert(1)</script>",
        "'><svg/onload=alert(1)>",
        "<body onload=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<object data=javascript:alert(1)>",
        "<embed src=javascript:alert(1)>",
        "<form action=javascript:alert(1)><button>go</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:/\">",
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<scr<script>ipt>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "<p onclick=alert(1)>x</p>",
        "<a href=https://ok.example onclick=alert(1)>x</a>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<textarea></textarea><script>alert(1)</script>",
    ]

    /// Markup hidden in Markdown constructs.
    static let markdown = [
        "`<script>alert(1)</script>`",
        "```\n<script>alert(1)</script>\n```",
        "```<script>\nx\n```",
        "> <script>alert(1)</script>",
        "> > <img src=x onerror=alert(1)>",
        "**<script>alert(1)</script>**",
        "*<img src=x onerror=alert(1)>*",
        "_<svg onload=alert(1)>_",
        "line one\n<script>alert(1)</script>",
    ]

    /// `[text](url)`: schemes, spellings, and attempts to leave the `href` attribute.
    static let links = [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](java\nscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](&#0000106avascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](%6a%61vascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
        "[x]( javascript:alert(1))",
        "[x](\u{0}javascript:alert(1))",
        "[x](\u{1}javascript:alert(1))",
        "[x](\u{200B}javascript:alert(1))",
        "[x](https:javascript:alert(1))",
        "[x](//evil.example/)",
        "[x](https://ok.example\" onmouseover=\"alert(1))",
        "[x](https://ok.example\"onmouseover=\"alert(1))",
        "[x](https://ok.example'onmouseover='alert(1))",
        "[x](https://ok.example/?next=javascript:alert(1))",
        "[x](https://ok.example/?next=%6a%61vascript%3aalert(1))",
        "[x](https://ok.example/?u=&#x64;ata:text/html,x)",
        "[x](https://ok.example/?a=%2526%2523106;avascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[<img src=x onerror=alert(1)>](https://ok.example)",
        "[x](https://ok.example)<script>alert(1)</script>",
        "[b]([a](https://ok.example))",
        "[[a](https://ok.example)](javascript:alert(1))",
        "[a](https://ok.example \"title\" onclick=\"alert(1)\")",
        "![x](javascript:alert(1))",
        "[x](mailto:a@b.example?body=<script>alert(1)</script>)",
    ]

    /// Bare URLs, which are linked without any Markdown around them.
    static let bareURLs = [
        "https://ok.example/\"onmouseover=\"alert(1)",
        "https://ok.example/<script>alert(1)</script>",
        "https://ok.example/'onmouseover='alert(1)'",
        "https://ok.example/\u{202E}gpj.exe",
        "http://javascript:alert(1)@ok.example",
        "https://ok.example/?q=&#106;avascript:alert(1)",
        "javascript://ok.example/%0aalert(1)",
    ]

    /// Look-alike and invisible characters.
    static let unicode = [
        "＜script＞alert(1)＜/script＞",
        "\u{202E}>tpircs/<)1(trela>tpircs<",
        "<\u{338}script>",
        "\u{FE64}script\u{FE65}alert(1)",
        "[x](\u{FF4A}avascript:alert(1))",
    ]

    /// Places a payload can sit in a comment.
    static let contexts: [@Sendable (String) -> String] = [
        { $0 },
        { "Some text before. \($0) And after." },
        { "> \($0)" },
        { "**\($0)**" },
        { "[\($0)](https://ok.example)" },
        { "[x](https://ok.example/\($0))" },
        { "`\($0)`" },
        { "```\n\($0)\n```" },
        { "first paragraph\n\n\($0)\n\nlast paragraph" },
    ]
}
