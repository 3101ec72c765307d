import Foundation

/// Comment HTML (Disqus messages, WordPress comment content) to parley's plain text:
/// paragraphs and line breaks kept, entities decoded, links as Markdown `[text](url)`, block
/// quotes as "> ", list items as "- ", every other tag dropped. Script and style elements go
/// with their content; text that merely looks like a tag (`&lt;script&gt;`) stays text, which
/// parley's renderer escapes. No tag of the input can reach the output.
enum HTMLToText {
    static func convert(_ html: String, newlinesAreBreaks: Bool = false) -> String {
        let html = html.utf8.contains(13) ? html.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : html
        let source = Array(html.utf8)
        var writer = PlainTextWriter(newlinesAreBreaks: newlinesAreBreaks)
        var index = 0
        var textStart = 0
        func flushText(upTo end: Int) {
            guard textStart < end else { return }
            writer.text(HTMLEntities.decode(String(decoding: source[textStart..<end], as: UTF8.self)))
        }
        while let open = source[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard let token = HTMLTag.scan(source, at: open) else {
                index = open + 1
                continue
            }
            flushText(upTo: open)
            index = token.end
            if case .tag(let tag) = token.kind {
                apply(tag, to: &writer)
                if !tag.closing, tag.name == "script" || tag.name == "style" {
                    index = HTMLTag.endOfRawText(source, from: index, name: tag.name)
                }
            }
            textStart = index
        }
        flushText(upTo: source.count)
        return writer.finish()
    }

    private static let blocks: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "dl", "dt", "dd", "table", "hr", "figure", "figcaption", "address", "center", "form", "fieldset",
        "details", "summary",
    ]

    private static func apply(_ tag: HTMLTag, to writer: inout PlainTextWriter) {
        switch tag.name {
        case "br": writer.lineBreak()
        case "li": tag.closing ? writer.lineBreak() : writer.listItem()
        case "tr": writer.lineBreak()
        case "td", "th": writer.space()
        case "blockquote": writer.quote(opening: !tag.closing)
        case "pre": writer.preformatted(opening: !tag.closing)
        case "a": tag.closing ? writer.closeLink() : writer.openLink(tag.attributes["href"])
        case "img":
            let alt = tag.attributes["alt"] ?? ""
            writer.image(alt: alt, source: tag.attributes["src"])
        default:
            if blocks.contains(tag.name) { writer.paragraph() }
        }
    }
}
