/// Substring matching after normalization (RULES.md `phrases`: URLs, handles, tokens that are not words).
///
/// Runs on the phrase view: case, width, diacritics, invisible, confusables and leet apply;
/// punctuation stays (`bit.ly`); a space in an entry matches any run of white space. Repeats and
/// separators do not apply: `bitt.ly` is another domain. One trie, walked from every position.
public struct PhraseMatcher: Sendable {
    public let entries: [String]
    public let options: NormalizationOptions
    private let symbols: SymbolTable
    private let trie: Trie

    /// Throws `TextPatternError` for an entry that is empty after normalization.
    public init(entries: [String], options: NormalizationOptions = NormalizationOptions()) throws {
        self.entries = entries
        self.options = options
        var alphabet = Alphabet()
        var builder = TrieBuilder()
        for (index, entry) in entries.enumerated() {
            let pattern = try EntryPattern.phrase(entry, options: options)
            builder.insert(try pattern.symbols(in: &alphabet), accept: TrieAccept(entry: Int32(index), kind: .anywhere))
        }
        symbols = alphabet.frozen()
        trie = builder.build(isLetter: alphabet.isLetter)
    }

    /// Every occurrence, in text order (by start, then end, then entry).
    public func matches(in text: PreparedText) -> [TextMatch] {
        guard !trie.isEmpty else { return [] }
        var found = [TextMatch]()
        let walker = TrieWalker(trie: trie, symbols: symbols, absorbRepeats: false)
        text.prepared(for: options).phrase.withUnsafeBufferPointer { units in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * TrieWalker.maxActive) { scratch in
                for index in 0..<units.count where walker.canStart(units[index]) {
                    walker.walk(units, from: index, step: 1, scratch: scratch.baseAddress!) { accept, last in
                        found.append(TextMatch(
                            entry: Int(accept.entry),
                            utf8Range: Int(units[index].start)..<Int(units[last].end)))
                    }
                }
            }
        }
        return TextMatch.ordered(found)
    }

    public func firstMatch(in text: PreparedText) -> TextMatch? {
        matches(in: text).first
    }

    /// Bytes held by the compiled automaton (not counting `entries`).
    public var memoryFootprint: Int { symbols.memoryFootprint + trie.memoryFootprint }
}
