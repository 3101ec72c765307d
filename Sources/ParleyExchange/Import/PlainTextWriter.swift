/// The output side of `HTMLToText`: parley's plain text with paragraphs. White space is
/// collapsed and written lazily, so breaks at the start and end vanish and runs of breaks
/// become at most one blank line; block quotes prefix their lines with "> ".
struct PlainTextWriter {
    /// WordPress keeps newlines in comment text (they become <br> and <p> on display).
    let newlinesAreBreaks: Bool
    private(set) var out = ""
    private var pendingBreaks = 0
    private var pendingSpace = false
    private var bullet = false
    private var quoteDepth = 0
    private var lineQuoteDepth = 0
    private var preDepth = 0
    /// An open <a>: its safe URL (nil: text only) and where its text starts in `out` (UTF-8 offset).
    private var link: (url: String?, start: Int?)?

    init(newlinesAreBreaks: Bool) { self.newlinesAreBreaks = newlinesAreBreaks }

    /// Visible runs are appended whole; white space collapses into one pending space, newlines
    /// count where they mean breaks, and control characters go.
    mutating func text(_ text: String) {
        let scalars = text.unicodeScalars
        var runStart = scalars.startIndex
        var index = runStart
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let visible = !scalar.isHTMLTextSpace && !scalar.isControlCharacter || (scalar == " " && preDepth > 0)
            if !visible {
                append(scalars[runStart..<index])
                if scalar == "\n", newlinesAreBreaks || preDepth > 0 {
                    lineBreak()
                } else if scalar.isHTMLTextSpace {
                    pendingSpace = true
                }
                runStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        append(scalars[runStart..<index])
    }

    var isInLink: Bool { link != nil }

    mutating func space() { pendingSpace = true }
    mutating func lineBreak() { pendingBreaks = min(pendingBreaks + 1, 2) }
    mutating func paragraph() { pendingBreaks = 2 }

    mutating func listItem() {
        pendingBreaks = max(pendingBreaks, 1)
        bullet = true
    }

    mutating func quote(opening: Bool) {
        paragraph()
        quoteDepth = max(0, quoteDepth + (opening ? 1 : -1))
    }

    mutating func preformatted(opening: Bool) {
        paragraph()
        preDepth = max(0, preDepth + (opening ? 1 : -1))
    }

    mutating func openLink(_ href: String?) {
        closeLink()
        link = (LinkURL.safe(href), nil)
    }

    /// `[text](url)`; the bare URL when the text is the address or empty; `text (url)` when
    /// the text would break the brackets.
    mutating func closeLink() {
        guard let open = link else { return }
        link = nil
        guard let url = open.url else { return }
        guard let start = open.start else {
            append(Substring(url).unicodeScalars)
            return
        }
        let text = String(decoding: out.utf8.dropFirst(start), as: UTF8.self)
        if text == url || "mailto:" + text == url { return }
        if text.contains(where: { $0 == "[" || $0 == "]" || $0 == "\n" }) {
            out += " (\(url))"
        } else {
            out = String(decoding: out.utf8.prefix(start), as: UTF8.self) + "[\(text)](\(url))"
        }
    }

    mutating func finish() -> String {
        closeLink()
        return out
    }

    private mutating func append(_ run: Substring.UnicodeScalarView) {
        guard !run.isEmpty else { return }
        if pendingBreaks > 0 || pendingSpace || bullet || out.isEmpty || (link != nil && link?.start == nil) {
            startRun()
        }
        out += Substring(run)
    }

    /// Writes what is pending before visible text: the quote prefix of a first line, breaks, a
    /// space, a list bullet; and marks where an open link's text starts.
    private mutating func startRun() {
        if out.isEmpty {
            out = String(repeating: "> ", count: min(quoteDepth, 3))
            lineQuoteDepth = quoteDepth
        } else if pendingBreaks > 0 {
            if pendingBreaks == 2 { out += "\n" + String(repeating: ">", count: min(lineQuoteDepth, quoteDepth, 3)) }
            out += "\n" + String(repeating: "> ", count: min(quoteDepth, 3))
            lineQuoteDepth = quoteDepth
        } else if pendingSpace {
            out += " "
        }
        if bullet { out += "- " }  // set with a pending break: this is a line's start
        bullet = false
        pendingBreaks = 0
        pendingSpace = false
        if link != nil, link?.start == nil { link?.start = out.utf8.count }
    }
}

extension PlainTextWriter {
    /// An image outside a link becomes a link to it (its alt text, or the bare address); inside
    /// a link, only its alt text remains.
    mutating func image(alt: String, source: String?) {
        if isInLink {
            text(alt)
        } else {
            openLink(source)
            text(alt)
            closeLink()
        }
    }
}
