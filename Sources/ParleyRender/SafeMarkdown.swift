/// Comment bodies to HTML, for the `html` field of a comment.
///
/// The subset: paragraphs (a blank line separates them, a single newline is `<br>`), `*em*` and
/// `_em_`, `**strong**` and `__strong__`, `` `code` ``, fenced code blocks, block quotes (nested up
/// to three deep), links `[text](url)` and bare `http(s)://` URLs. Nothing else is Markdown:
/// raw HTML, entities and backslashes are text like any other.
///
/// Safety does not rest on the parser being right. Every character that came from the body
/// reaches the output through `HTMLWriter.text`, which escapes `& < > " '`; tags and attribute
/// names come only from string constants in `HTMLWriter`. A link's URL goes into `href` only
/// when `LinkPolicy` allows it. Every step runs in time linear in the body's length.
public enum SafeMarkdown {
    /// The version of the rendering rules. Raise it with any change that alters the output for
    /// some input: stored HTML of an older version is rendered again (on reading at once, and
    /// in the background for good).
    public static let version = 1

    /// Renders a comment body to an HTML fragment. Every character of user text is escaped;
    /// the only tags ever emitted are parley's own: <p>, <br>, <em>, <strong>, <code>, <pre>,
    /// <blockquote>, <a href="..." rel="nofollow ugc">. No attribute other than href and rel,
    /// ever; no other tag, ever.
    public static func html(_ markdown: String) -> String {
        let source = SourceText(markdown)
        let blocks = BlockParser(scalars: source.scalars).parse(source.lines)
        var writer = HTMLWriter()
        writer.write(blocks, source: source)
        return writer.result
    }

    /// Plain text escaped for HTML text and attribute values alike (`& < > " '`), the same
    /// escaping the renderer applies to every character of user text.
    public static func escapeText(_ text: String) -> String {
        var writer = HTMLWriter()
        writer.text(text.unicodeScalars)
        return writer.result
    }
}

