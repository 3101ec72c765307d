/// The token steps of normalization (leet, separators) and the two views the matchers walk:
///
/// - the word view: the words' units, with one gap unit (U+0020) between two words, whatever
///   spaces or punctuation separated them; spelled-out letters (`i.d.i.o.t`) joined into one word;
/// - the phrase view: every unit, with each run of white space collapsed into one U+0020 unit.
///
/// Leet: a raw token is a run of letters, digits and leet symbols. In one with a letter, its
/// digits and symbols get leet alternatives (still matching themselves too), except trailing
/// symbols, which are punctuation (`you!!`). In one without, digits stay digits and symbols are
/// punctuation (`$138`, `1,000`).
struct Tokenizer {
    let options: NormalizationOptions

    func views(of base: [TextUnit]) -> (words: [TextUnit], phrase: [TextUnit]) {
        var base = base
        var tokens = [Range<Int>]()
        resolveLeet(&base, tokens: &tokens)
        let joined = options.separators ? joinedLinks(base, tokens) : []
        return (wordView(base, tokens, joined), phraseView(base))
    }

    private func resolveLeet(_ units: inout [TextUnit], tokens: inout [Range<Int>]) {
        let count = units.count
        var index = 0
        while index < count {
            guard units[index].kind.isWordish else { index += 1; continue }
            var end = index
            var hasLetter = false
            while end < count && units[end].kind.isWordish {
                if units[end].kind == .letter { hasLetter = true }
                end += 1
            }
            if hasLetter {
                var wordEnd = end
                while wordEnd > index && units[wordEnd - 1].kind == .leetSymbol {
                    units[wordEnd - 1].kind = .punct
                    wordEnd -= 1
                }
                if options.leet {
                    for position in index..<wordEnd where units[position].scalar < 0x80 {
                        units[position].leet = Leet.index[Int(units[position].scalar)]
                    }
                }
                tokens.append(index..<wordEnd)
            } else {
                var runStart = index
                for position in index..<end where units[position].kind == .leetSymbol {
                    units[position].kind = .punct
                    if runStart < position { tokens.append(runStart..<position) }
                    runStart = position + 1
                }
                if runStart < end { tokens.append(runStart..<end) }
            }
            index = end
        }
    }

    /// For each token, whether it is joined to the next one: both are single letters in a run of
    /// at least three, split only by spaces and separators.
    private func joinedLinks(_ units: [TextUnit], _ tokens: [Range<Int>]) -> [Bool] {
        var joined = [Bool](repeating: false, count: tokens.count)
        func isSingleLetter(_ token: Range<Int>) -> Bool {
            token.count == 1 && units[token.lowerBound].kind == .letter
        }
        func onlySeparators(_ between: Range<Int>) -> Bool {
            between.allSatisfy { units[$0].kind == .space || units[$0].kind == .separator }
        }
        var runStart = 0
        while runStart < tokens.count {
            var runEnd = runStart + 1
            if isSingleLetter(tokens[runStart]) {
                while runEnd < tokens.count && isSingleLetter(tokens[runEnd])
                    && onlySeparators(tokens[runEnd - 1].upperBound..<tokens[runEnd].lowerBound) {
                    runEnd += 1
                }
                if runEnd - runStart >= 3 {
                    for link in runStart..<runEnd - 1 { joined[link] = true }
                }
            }
            runStart = runEnd
        }
        return joined
    }

    private func wordView(_ units: [TextUnit], _ tokens: [Range<Int>], _ joined: [Bool]) -> [TextUnit] {
        var words = [TextUnit]()
        words.reserveCapacity(units.count)
        for (position, token) in tokens.enumerated() {
            if position > 0 && !(joined.isEmpty ? false : joined[position - 1]) {
                let previous = units[tokens[position - 1].upperBound - 1]
                words.append(TextUnit(
                    scalar: 0x20, start: previous.end, end: units[token.lowerBound].start, kind: .space))
            }
            words.append(contentsOf: units[token])
        }
        return words
    }

    private func phraseView(_ units: [TextUnit]) -> [TextUnit] {
        var phrase = [TextUnit]()
        phrase.reserveCapacity(units.count)
        for unit in units {
            if unit.kind == .space {
                if let last = phrase.indices.last, phrase[last].kind == .space {
                    phrase[last].end = unit.end
                    continue
                }
                phrase.append(TextUnit(scalar: 0x20, start: unit.start, end: unit.end, kind: .space))
            } else {
                phrase.append(unit)
            }
        }
        return phrase
    }
}
