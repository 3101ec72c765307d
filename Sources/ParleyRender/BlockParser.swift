/// Splits lines into paragraphs, fenced code blocks and block quotes.
///
/// A fence opens only when a closing fence follows, so an unbalanced fence is text. Whether one
/// follows is looked up in a table built in one backward pass, which keeps a body full of
/// fences linear. Quotes nest at most `maxQuoteDepth` deep; deeper `>` are text, so each line
/// is visited a bounded number of times.
struct BlockParser {
    static let maxQuoteDepth = 3

    let scalars: [Unicode.Scalar]

    func parse(_ lines: [Range<Int>], depth: Int = 0) -> [Block] {
        // longestCloser[i]: the longest closing fence among lines[i...].
        var longestCloser = [Int](repeating: 0, count: lines.count + 1)
        for index in lines.indices.reversed() {
            longestCloser[index] = max(closingFence(lines[index]), longestCloser[index + 1])
        }
        var blocks: [Block] = []
        var paragraph: [Range<Int>] = []
        func endParagraph() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph)) }
            paragraph = []
        }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if isBlank(line) {
                endParagraph()
                index += 1
            } else if let fence = openingFence(line), longestCloser[index + 1] >= fence {
                endParagraph()
                var end = index + 1
                while closingFence(lines[end]) < fence { end += 1 }
                blocks.append(.code(Array(lines[(index + 1)..<end])))
                index = end + 1
            } else if depth < Self.maxQuoteDepth, let first = quoted(line) {
                endParagraph()
                var inner = [first]
                index += 1
                while index < lines.count, let next = quoted(lines[index]) {
                    inner.append(next)
                    index += 1
                }
                blocks.append(.quote(parse(inner, depth: depth + 1)))
            } else {
                paragraph.append(trimmed(line))
                index += 1
            }
        }
        endParagraph()
        return blocks
    }

    private func isBlank(_ line: Range<Int>) -> Bool {
        scalars[line].allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// After up to three spaces, the position and length of a run of backticks.
    private func fenceRun(_ line: Range<Int>) -> (end: Int, length: Int)? {
        var start = line.lowerBound
        while start < line.upperBound, start - line.lowerBound < 3, scalars[start] == " " { start += 1 }
        var end = start
        while end < line.upperBound, scalars[end] == "`" { end += 1 }
        return end - start >= 3 ? (end, end - start) : nil
    }

    /// The fence length of an opening fence; its info string (ignored) may hold no backtick.
    private func openingFence(_ line: Range<Int>) -> Int? {
        guard let run = fenceRun(line), !scalars[run.end..<line.upperBound].contains("`") else { return nil }
        return run.length
    }

    /// The fence length of a closing fence, or 0.
    private func closingFence(_ line: Range<Int>) -> Int {
        guard let run = fenceRun(line), isBlank(run.end..<line.upperBound) else { return 0 }
        return run.length
    }

    /// The rest of a line that starts with `>` (after up to three spaces), without one space after it.
    private func quoted(_ line: Range<Int>) -> Range<Int>? {
        var position = line.lowerBound
        while position < line.upperBound, position - line.lowerBound < 3, scalars[position] == " " { position += 1 }
        guard position < line.upperBound, scalars[position] == ">" else { return nil }
        position += 1
        if position < line.upperBound, scalars[position] == " " { position += 1 }
        return position..<line.upperBound
    }

    private func trimmed(_ line: Range<Int>) -> Range<Int> {
        var lower = line.lowerBound, upper = line.upperBound
        while lower < upper, scalars[lower] == " " || scalars[lower] == "\t" { lower += 1 }
        while upper > lower, scalars[upper - 1] == " " || scalars[upper - 1] == "\t" { upper -= 1 }
        return lower..<upper
    }
}
