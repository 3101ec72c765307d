/// The output. User text enters only through `text`, which escapes it; `markup` takes only
/// `StaticString`s, which is what makes every tag and attribute name one of parley's own.
struct HTMLWriter {
    private var bytes: [UInt8] = []

    var result: String { String(decoding: bytes, as: UTF8.self) }

    mutating func markup(_ markup: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: markup.utf8Start, count: markup.utf8CodeUnitCount))
    }

    /// Escapes `& < > " '` everywhere, in text and in attribute values alike.
    mutating func text(_ scalar: Unicode.Scalar) {
        switch scalar {
        case "&": markup("&amp;")
        case "<": markup("&lt;")
        case ">": markup("&gt;")
        case "\"": markup("&quot;")
        case "'": markup("&#39;")
        default:
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
    }

    mutating func text(_ scalars: some Sequence<Unicode.Scalar>) {
        for scalar in scalars { text(scalar) }
    }

    mutating func write(_ blocks: [Block], source: SourceText) {
        for (index, block) in blocks.enumerated() {
            if index > 0 { markup("\n") }
            switch block {
            case .paragraph(let lines):
                var parser = InlineParser(lines: lines, of: source.scalars)
                let content = parser.parse()
                markup("<p>")
                write(content.nodes, of: content)
                markup("</p>")
            case .code(let lines):
                markup("<pre><code>")
                for line in lines {
                    text(source.scalars[line])
                    markup("\n")
                }
                markup("</code></pre>")
            case .quote(let inner):
                markup("<blockquote>")
                write(inner, source: source)
                markup("</blockquote>")
            }
        }
    }

    private mutating func write(_ nodes: [InlineNode], of content: InlineContent) {
        for node in nodes {
            switch node {
            case .text(let range):
                text(content.scalars[range])
            case .code(let range):
                markup("<code>")
                text(content.scalars[range].lazy.map { $0 == "\n" ? " " : $0 })
                markup("</code>")
            case .delimiter(let id):
                let delimiter = content.delimiters[id]
                for emphasis in delimiter.closes { markup(emphasis == .em ? "</em>" : "</strong>") }
                for _ in 0..<delimiter.remaining { text(delimiter.marker) }
                for emphasis in delimiter.opens.reversed() { markup(emphasis == .em ? "<em>" : "<strong>") }
            case .lineBreak:
                markup("<br>")
            case .link(let destination, let children):
                openLink(content.scalars[destination])
                write(children, of: content)
                markup("</a>")
            case .autolink(let range):
                openLink(content.scalars[range])
                text(content.scalars[range])
                markup("</a>")
            }
        }
    }

    private mutating func openLink(_ url: ArraySlice<Unicode.Scalar>) {
        markup("<a href=\"")
        text(url)
        markup("\" rel=\"nofollow ugc\">")
    }
}
