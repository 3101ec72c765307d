/// One word-list or phrase entry, normalized like a comment with the same options.
///
/// Entries are taken literally: no leet alternatives (a `$` in an entry matches a `$`), and their
/// repeated letters all count (`poop` needs two `o`s). The text side carries the flexibility.
struct EntryPattern {
    /// Normalized scalars; U+0020 is a gap between words (`words`) or a white space run (`phrases`).
    var scalars: [UInt32]
    var isLetter: [Bool]
    /// `*` before the entry: it may end a longer word (`*hole`).
    var leadingWildcard = false
    /// `*` after the entry: it may begin a longer word (`dimwit*`).
    var trailingWildcard = false

    static func word(_ entry: String, options: NormalizationOptions) throws -> EntryPattern {
        var body = Substring(entry).trimmingWhiteSpace()
        let leading = body.first == "*"
        if leading { body = body.dropFirst() }
        let trailing = body.last == "*"
        if trailing { body = body.dropLast() }
        if body.contains("*") {
            throw TextPatternError(entry: entry, message: "`*` is only allowed at the start or the end of an entry")
        }
        let prepared = PreparedText(String(body), options: options)
        var pattern = try withExtendedLifetime(prepared) { try EntryPattern(entry, units: Array(prepared.words)[...]) }
        pattern.leadingWildcard = leading
        pattern.trailingWildcard = trailing
        return pattern
    }

    static func phrase(_ entry: String, options: NormalizationOptions) throws -> EntryPattern {
        let prepared = PreparedText(entry, options: options)
        var units = withExtendedLifetime(prepared) { Array(prepared.phrase)[...] }
        while units.first?.kind == .space { units = units.dropFirst() }
        while units.last?.kind == .space { units = units.dropLast() }
        return try EntryPattern(entry, units: units)
    }

    private init(_ entry: String, units: ArraySlice<TextUnit>) throws {
        guard !units.isEmpty else {
            throw TextPatternError(entry: entry, message: "nothing is left to match after normalization")
        }
        scalars = units.map(\.scalar)
        isLetter = units.map { $0.kind == .letter }
    }

    /// The entry's symbols in `alphabet`, in walking order (reversed for a leading-only wildcard).
    func symbols(in alphabet: inout Alphabet) throws -> [UInt16] {
        var symbols = [UInt16]()
        for (scalar, letter) in zip(scalars, isLetter) { symbols.append(try alphabet.intern(scalar, isLetter: letter)) }
        return leadingWildcard && !trailingWildcard ? symbols.reversed() : symbols
    }
}

extension Substring {
    func trimmingWhiteSpace() -> Substring {
        var result = self
        while let first = result.unicodeScalars.first, first.properties.isWhitespace {
            result = result.dropFirst()
        }
        while let last = result.unicodeScalars.last, last.properties.isWhitespace {
            result = result.dropLast()
        }
        return result
    }
}
