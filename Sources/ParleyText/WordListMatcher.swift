/// Whole-word matching of a word list (RULES.md `words`): an entry may be several words, matched as a
/// phrase across any run of spaces/punctuation, and may carry `*` at either end (prefix/suffix wildcard).
/// `class` never matches `classic`; `ass` never matches `assassin` or `class`.
///
/// One pass over the text's word view: plain and `x*` entries share a trie walked from each word
/// start, `*x` entries a reversed trie walked back from each word end, and `*x*` entries a trie
/// walked from every position inside words. Compiled once; immutable, so safe to share across threads.
public struct WordListMatcher: Sendable {
    public let entries: [String]
    public let options: NormalizationOptions
    private let symbols: SymbolTable
    private let forward: Trie, backward: Trie, inside: Trie
    /// Whether some `*x` entry has several words (its match may start words before the word
    /// where it is found, so `firstMatch` cannot stop at the first word with a match).
    private let backwardSpansWords: Bool

    /// Throws `TextPatternError` for an entry that is empty after normalization or has `*`
    /// anywhere but its ends.
    public init(entries: [String], options: NormalizationOptions = NormalizationOptions()) throws {
        self.entries = entries
        self.options = options
        var alphabet = Alphabet()
        var forward = TrieBuilder(), backward = TrieBuilder(), inside = TrieBuilder()
        var backwardSpansWords = false
        for (index, entry) in entries.enumerated() {
            let pattern = try EntryPattern.word(entry, options: options)
            let symbols = try pattern.symbols(in: &alphabet)
            let (entry, length) = (Int32(index), Int32(symbols.count))
            switch (pattern.leadingWildcard, pattern.trailingWildcard) {
            case (false, false): forward.insert(symbols, accept: TrieAccept(entry: entry, length: length, kind: .wordEnd))
            case (false, true): forward.insert(symbols, accept: TrieAccept(entry: entry, length: length, kind: .wildcard))
            case (true, false):
                backward.insert(symbols, accept: TrieAccept(entry: entry, length: length, kind: .wildcard))
                backwardSpansWords = backwardSpansWords || pattern.scalars.contains(0x20)
            case (true, true): inside.insert(symbols, accept: TrieAccept(entry: entry, length: length, kind: .wildcard))
            }
        }
        symbols = alphabet.frozen()
        self.forward = Trie(forward.layout(), width: alphabet.count)
        self.backward = Trie(backward.layout(), width: alphabet.count)
        self.inside = Trie(inside.layout(), width: alphabet.count)
        self.backwardSpansWords = backwardSpansWords
    }

    /// Every occurrence, in text order (by start, then end, then entry).
    public func matches(in text: PreparedText) -> [TextMatch] {
        collect(in: text, firstOnly: false)
    }

    /// The first match in text order; stops early when it can.
    public func firstMatch(in text: PreparedText) -> TextMatch? {
        collect(in: text, firstOnly: true).first
    }

    private func collect(in text: PreparedText, firstOnly: Bool) -> [TextMatch] {
        var found = [TextMatch]()
        let text = text.prepared(for: options)
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * TrieWalker.maxActive) { scratch in
            collect(text.words, scratch.baseAddress!, stopAtFirstWord: firstOnly && !backwardSpansWords, into: &found)
        }
        return withExtendedLifetime(text) { TextMatch.ordered(found) }
    }

    /// Bytes held by the compiled automata (not counting `entries`).
    public var memoryFootprint: Int {
        symbols.memoryFootprint + forward.memoryFootprint + backward.memoryFootprint + inside.memoryFootprint
    }

    /// With `stopAtFirstWord`, stops after the first word where something matched: every match
    /// found from a word starts at that word (or, for a multi-word `*x`, earlier: not allowed then).
    private func collect(_ units: UnsafeBufferPointer<TextUnit>, _ scratch: UnsafeMutablePointer<Int32>,
                         stopAtFirstWord: Bool, into found: inout [TextMatch]) {
        let count = units.count
        @inline(__always) func isGap(_ index: Int) -> Bool { units[index].kind == .space }
        func wordStart(_ index: Int) -> Int {
            var start = index
            while start > 0 && !isGap(start - 1) { start -= 1 }
            return start
        }
        func wordEnd(_ index: Int) -> Int {
            var end = index
            while end + 1 < count && !isGap(end + 1) { end += 1 }
            return end
        }
        func add(_ entry: Int32, _ first: Int, _ last: Int) {
            found.append(TextMatch(entry: Int(entry), utf8Range: Int(units[first].start)..<Int(units[last].end)))
        }
        let forwardWalker = TrieWalker(trie: forward, symbols: symbols, absorbRepeats: options.repeats)
        let backwardWalker = TrieWalker(trie: backward, symbols: symbols, absorbRepeats: options.repeats)
        let insideWalker = TrieWalker(trie: inside, symbols: symbols, absorbRepeats: options.repeats)
        let (hasForward, hasBackward, hasInside) = (!forward.isEmpty, !backward.isEmpty, !inside.isEmpty)
        // The word view alternates words and single gap units; walk it word by word.
        var start = 0
        while start < count {
            let span = units[start].span
            let end = span < UInt16.max ? start + Int(span) : wordEnd(start)
            if hasForward {
                forwardWalker.walk(units, from: start, step: 1, scratch: scratch) { accept, last in
                    if accept.kind == .wildcard {
                        add(accept.entry, start, last == end ? end : wordEnd(last))
                    } else if last == end || (last > end && (last + 1 == count || isGap(last + 1))) {
                        add(accept.entry, start, last)
                    }
                }
            }
            if hasBackward {
                backwardWalker.walk(units, from: end, step: -1, scratch: scratch) { accept, first in
                    add(accept.entry, first >= start ? start : wordStart(first), end)
                }
            }
            if hasInside {
                for index in start...end {
                    insideWalker.walk(units, from: index, step: 1, scratch: scratch) { accept, last in
                        add(accept.entry, start, last <= end ? end : wordEnd(last))
                    }
                }
            }
            if stopAtFirstWord && !found.isEmpty { return }
            start = end + 2
        }
    }
}

extension TextMatch {
    /// Sorted by start, end, entry; duplicates (several walks reaching one match) removed.
    static func ordered(_ matches: [TextMatch]) -> [TextMatch] {
        guard matches.count > 1 else { return matches }
        let sorted = matches.sorted {
            ($0.utf8Range.lowerBound, $0.utf8Range.upperBound, $0.entry)
                < ($1.utf8Range.lowerBound, $1.utf8Range.upperBound, $1.entry)
        }
        var result = [sorted[0]]
        for match in sorted.dropFirst() where match != result[result.count - 1] { result.append(match) }
        return result
    }
}
