/// Substring matching after normalization (RULES.md `phrases`: URLs, handles, tokens that are not words).
///
/// Runs on the phrase view: case, width, diacritics, invisible, confusables and leet apply;
/// punctuation stays (`bit.ly`); a space in an entry matches any run of white space. Repeats and
/// separators do not apply: `bitt.ly` is another domain. One Aho–Corasick pass over the text; a
/// leet unit (several possible symbols) briefly runs a set of states until they agree again.
/// In the root state, units that cannot begin a phrase (by their symbol and the next one's) are
/// skipped without touching the automaton: a loop without a dependency chain.
public struct PhraseMatcher: Sendable {
    public let entries: [String]
    public let options: NormalizationOptions
    private let symbols: SymbolTable
    private let automaton: PhraseAutomaton

    /// Throws `TextPatternError` for an entry that is empty after normalization.
    public init(entries: [String], options: NormalizationOptions = NormalizationOptions()) throws {
        self.entries = entries
        self.options = options
        var alphabet = Alphabet()
        var builder = TrieBuilder()
        for (index, entry) in entries.enumerated() {
            let symbols = try EntryPattern.phrase(entry, options: options).symbols(in: &alphabet)
            builder.insert(symbols, accept: TrieAccept(entry: Int32(index), length: Int32(symbols.count), kind: .anywhere))
        }
        symbols = alphabet.frozen()
        automaton = PhraseAutomaton(builder.layout(), width: alphabet.count)
    }

    /// Every occurrence, in text order (by start, then end, then entry).
    public func matches(in text: PreparedText) -> [TextMatch] {
        collect(in: text, firstOnly: false)
    }

    /// The first match in text order; stops once no later match can start earlier.
    public func firstMatch(in text: PreparedText) -> TextMatch? {
        collect(in: text, firstOnly: true).first
    }

    private func collect(in text: PreparedText, firstOnly: Bool) -> [TextMatch] {
        guard !automaton.isEmpty else { return [] }
        let text = text.prepared(for: options)
        var found = [TextMatch]()
        let units = text.phrase
        // A match ending at or after `index` starts after `index - longest`.
        var earliestStart = Int.max
        func report(_ code: Int32, _ index: Int) {
            var state = automaton.reportFrom[automaton.state(of: code)]
            while state >= 0 {
                let range = automaton.acceptRange[Int(state)]
                for accept in automaton.accepts[Int(range.start)..<Int(range.end)] {
                    let first = index - Int(accept.length) + 1
                    earliestStart = min(earliestStart, first)
                    found.append(TextMatch(entry: Int(accept.entry), utf8Range: Int(units[first].start)..<Int(units[index].end)))
                }
                state = automaton.nextReport[Int(state)]
            }
        }
        var code = PhraseAutomaton.startCode
        var index = 0
        let count = units.count
        let skips = automaton.skipsByStartPairs
        while index < count {
            if firstOnly && index - automaton.longest >= earliestStart { break }
            if skips && code == PhraseAutomaton.startCode { index = skipToCandidate(units, from: index) }
            if index == count { break }
            let unit = units[index]
            if unit.leet != 0 {
                (code, index) = runStates(units, from: index, code: code, report: report)
                continue
            }
            code = automaton.next(code, symbols.symbol(unit.scalar))
            if code & 1 != 0 { report(code, index) }
            index += 1
        }
        return withExtendedLifetime(text) { TextMatch.ordered(found) }
    }

    /// The first index from `start` on where a phrase may begin (or a leet unit is).
    @inline(__always)
    private func skipToCandidate(_ units: UnsafeBufferPointer<TextUnit>, from start: Int) -> Int {
        let count = units.count
        var index = start
        guard index < count else { return count }
        var unit = units[index]
        var symbol = symbols.symbol(unit.scalar)
        while true {
            if unit.leet != 0 { return index }
            guard index &+ 1 < count else { return automaton.mayStart(symbol, 0) ? index : count }
            let next = units[index &+ 1]
            let nextSymbol = symbols.symbol(next.scalar)
            if next.leet != 0 || automaton.mayStart(symbol, nextSymbol) { return index }
            index &+= 1
            unit = next
            symbol = nextSymbol
        }
    }

    /// From a leet unit on, follows every reading of the text until one state remains and the
    /// next unit has no choice; returns that state's code and the next index.
    private func runStates(_ units: UnsafeBufferPointer<TextUnit>, from start: Int, code: Int32,
                           report: (Int32, Int) -> Void) -> (Int32, Int) {
        var states = [code]
        var index = start
        while index < units.count && (states.count > 1 || units[index].leet != 0) {
            let unit = units[index]
            let (first, second) = unit.leet == 0 ? (0, 0) : symbols.leetSymbols(unit.leet)
            var next = [Int32]()
            for state in states {
                for (position, symbol) in [symbols.symbol(unit.scalar), first, second].enumerated()
                where position == 0 || symbol != 0 {
                    let target = automaton.next(state, symbol)
                    if !next.contains(target) { next.append(target) }
                }
            }
            for state in next where state & 1 != 0 { report(state, index) }
            states = next
            index += 1
        }
        return (states[0], index)
    }

    /// Bytes held by the compiled automaton (not counting `entries`).
    public var memoryFootprint: Int { symbols.memoryFootprint + automaton.memoryFootprint }
}
