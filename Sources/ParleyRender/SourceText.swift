/// A body as Unicode scalars split into lines. Line ends (`\n`, `\r\n`, `\r`) are not kept:
/// a line is a range of `scalars`.
struct SourceText {
    let scalars: [Unicode.Scalar]
    let lines: [Range<Int>]

    init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        var lines: [Range<Int>] = []
        var lineStart = 0
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where afterCR:
                afterCR = false
            case "\n", "\r":
                lines.append(lineStart..<scalars.count)
                lineStart = scalars.count
                afterCR = scalar == "\r"
            case "\0":
                // Some consumers of the HTML end strings at NUL; browsers show U+FFFD anyway.
                scalars.append("\u{FFFD}")
                afterCR = false
            default:
                scalars.append(scalar)
                afterCR = false
            }
        }
        lines.append(lineStart..<scalars.count)
        self.scalars = scalars
        self.lines = lines
    }
}
