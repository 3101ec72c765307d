/// Parses one paragraph into `InlineNode`s in a single left-to-right pass.
///
/// Code spans bind first, then links, then emphasis, as in CommonMark. Links cannot nest: once
/// a link is made, every `[` before it is text. Emphasis inside a link's text is resolved when
/// the link is made, the rest at the end, so each `*`/`_` run is resolved exactly once.
struct InlineParser {
    let scalars: [Unicode.Scalar]
    var nodes: [InlineNode] = []
    var delimiters: [Delimiter] = []
    /// Delimiters not resolved yet, in order.
    var pending: [Int] = []
    /// Each `[` that may still open a link: its node, and `pending.count` when it was seen.
    var brackets: [(node: Int, pending: Int)] = []
    private var textStart: Int?
    private let codeSpans: CodeSpanIndex

    /// `lines` are ranges of `source`, joined here with `\n`.
    init(lines: [Range<Int>], of source: [Unicode.Scalar]) {
        var scalars: [Unicode.Scalar] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { scalars.append("\n") }
            scalars.append(contentsOf: source[line])
        }
        self.scalars = scalars
        codeSpans = CodeSpanIndex(scalars)
    }

    mutating func parse() -> InlineContent {
        var position = 0
        while position < scalars.count {
            switch scalars[position] {
            case "\n":
                append(.lineBreak, at: position)
                position += 1
            case "`":
                position = codeSpan(at: position)
            case "*", "_":
                position = delimiterRun(at: position)
            case "[":
                append(.text(position..<position + 1), at: position)
                brackets.append((nodes.count - 1, pending.count))
                position += 1
            case "]":
                position = closeBracket(at: position)
            case "h", "H":
                position = bareURL(at: position)
            default:
                position = literal(position..<position + 1)
            }
        }
        endText(at: scalars.count)
        EmphasisResolver.resolve(pending, in: &delimiters)
        return InlineContent(scalars: scalars, nodes: nodes, delimiters: delimiters)
    }

    /// Adds `range` to the text being collected; returns its end.
    mutating func literal(_ range: Range<Int>) -> Int {
        if textStart == nil { textStart = range.lowerBound }
        return range.upperBound
    }

    /// Ends the text being collected at `position`, then adds `node`.
    mutating func append(_ node: InlineNode, at position: Int) {
        endText(at: position)
        nodes.append(node)
    }

    mutating func endText(at position: Int) {
        if let start = textStart, start < position { nodes.append(.text(start..<position)) }
        textStart = nil
    }

    private mutating func codeSpan(at start: Int) -> Int {
        let (length, closer) = codeSpans.closer(forRunAt: start)
        guard let closer else { return literal(start..<start + length) }
        var content = (start + length)..<closer
        // One space on each side lets a span begin or end with a backtick: `` `a` ``.
        if content.count >= 2, scalars[content.lowerBound] == " ", scalars[content.upperBound - 1] == " ",
           scalars[content].contains(where: { $0 != " " }) {
            content = (content.lowerBound + 1)..<(content.upperBound - 1)
        }
        append(.code(content), at: start)
        return closer + length
    }

    private mutating func delimiterRun(at start: Int) -> Int {
        let marker = scalars[start]
        var end = start
        while end < scalars.count, scalars[end] == marker { end += 1 }
        let delimiter = Delimiter(marker: marker, length: end - start,
                                  before: start > 0 ? scalars[start - 1] : "\n",
                                  after: end < scalars.count ? scalars[end] : "\n")
        guard delimiter.canOpen || delimiter.canClose else { return literal(start..<end) }
        append(.delimiter(delimiters.count), at: start)
        pending.append(delimiters.count)
        delimiters.append(delimiter)
        return end
    }
}
