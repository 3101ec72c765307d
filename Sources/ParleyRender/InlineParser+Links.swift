extension InlineParser {
    /// Nested parentheses allowed in a link destination, as in `https://en.wikipedia.org/wiki/A_(b)`.
    static let maxParenthesisDepth = 32

    /// A `]`: makes a link with the newest `[` if `(url)` follows and the URL is allowed;
    /// otherwise both brackets are text.
    mutating func closeBracket(at position: Int) -> Int {
        guard let opener = brackets.popLast(), let (destination, end) = linkDestination(after: position) else {
            return literal(position..<position + 1)
        }
        endText(at: position)
        EmphasisResolver.resolve(pending[opener.pending...], in: &delimiters)
        pending.removeSubrange(opener.pending...)
        let children = nodes[(opener.node + 1)...].map { node -> InlineNode in
            if case .autolink(let range) = node { return .text(range) }
            return node
        }
        nodes.removeSubrange(opener.node...)
        nodes.append(.link(destination: destination, children: children))
        brackets.removeAll()
        return end
    }

    /// `(url)` right after the `]` at `bracket`, with spaces or tabs allowed around the URL: the
    /// URL's range and the position after `)`, if the URL is allowed.
    ///
    /// A destination cannot hold `[` or `]`, so the scans from two `]` never overlap.
    private func linkDestination(after bracket: Int) -> (Range<Int>, Int)? {
        var position = bracket + 1
        guard position < scalars.count, scalars[position] == "(" else { return nil }
        position += 1
        skipSpaces(&position)
        let start = position
        var depth = 0
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "(" {
                depth += 1
                if depth > Self.maxParenthesisDepth { return nil }
            } else if scalar == ")" {
                if depth == 0 { break }
                depth -= 1
            } else if scalar.isForbiddenInURL {
                break
            }
            position += 1
        }
        let destination = start..<position
        skipSpaces(&position)
        guard position < scalars.count, scalars[position] == ")",
              LinkPolicy.allows(scalars[destination]) else { return nil }
        return (destination, position + 1)
    }

    private func skipSpaces(_ position: inout Int) {
        while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
    }

    /// An `h` or `H`: a bare `http://` or `https://` URL if one starts here at the start of a word.
    /// It ends before a character no URL holds or a `'`; trailing punctuation is left out, as
    /// is a `)` that closes a parenthesis opened before the URL.
    mutating func bareURL(at start: Int) -> Int {
        guard start == 0 || !scalars[start - 1].isLetterOrDigit,
              let hostStart = after(prefix: "https://", at: start) ?? after(prefix: "http://", at: start),
              hostStart < scalars.count, scalars[hostStart].isLetterOrDigit else {
            return literal(start..<start + 1)
        }
        var end = hostStart
        var parentheses = 0
        while end < scalars.count, !scalars[end].isForbiddenInURL, scalars[end] != "'" {
            if scalars[end] == "(" { parentheses += 1 } else if scalars[end] == ")" { parentheses -= 1 }
            end += 1
        }
        while end > hostStart {
            let last = scalars[end - 1]
            if last == ")", parentheses < 0 {
                parentheses += 1
            } else if !".,:;!?*_~".unicodeScalars.contains(last) {
                break
            }
            end -= 1
        }
        // A URL the policy refuses stays text as a whole, so no part of it is looked at twice.
        guard LinkPolicy.allows(scalars[start..<end]) else { return literal(start..<end) }
        append(.autolink(start..<end), at: start)
        return end
    }

    private func after(prefix: String, at start: Int) -> Int? {
        var position = start
        for expected in prefix.unicodeScalars {
            guard position < scalars.count, scalars[position].lowercasedASCII() == expected else { return nil }
            position += 1
        }
        return position
    }
}
