/// The token steps of normalization, applied as units arrive, building the two views the matchers walk:
///
/// - the word view: the words' units, with one gap unit (U+0020) between two words whatever spaces
///   or punctuation separated them, and spelled-out letters (`i.d.i.o.t`) joined into one word;
/// - the phrase view: every unit, each run of white space collapsed into one U+0020 unit.
///
/// Leet: a token is a run of letters, digits and leet symbols. In one with a letter, its digits and
/// symbols get leet alternatives (still matching themselves too), except trailing symbols, which
/// are punctuation (`you!!`). In one without, digits stay digits and symbols are punctuation
/// (`$138`, `1,000`). The decision waits for the token's end, then patches the units just written.
struct ViewBuilder {
    var words: UnitBuffer
    var phrase: UnitBuffer
    private let leet: Bool, separators: Bool
    private let leetIndex: UnsafeMutablePointer<UInt8>

    private var inToken = false
    private var tokenWordStart = 0, tokenPhraseStart = 0, tokenGap = -1
    private var tokenHasLetter = false, tokenSymbols = 0, tokenTrailingSymbols = 0, tokenLeetDigits = 0
    /// Whether only white space and separators came between the previous token and this one.
    private var tokenAfterSeparators = false
    private var gapPending = false, onlySeparators = true
    /// The current run of single letters split by separators: its first unit in `words`, its length.
    private var runStart = 0, runLength = 0

    init(capacity: Int, options: NormalizationOptions) {
        words = UnitBuffer(capacity: capacity)
        phrase = UnitBuffer(capacity: capacity)
        leet = options.leet
        separators = options.separators
        leetIndex = AsciiTables.shared.leetIndex
    }

    @inline(__always) mutating func push(_ unit: TextUnit) {
        if unit.kind.isWordish {
            if !inToken { beginToken(at: unit) }
            words.append(unit)
            phrase.append(unit)
            switch unit.kind {
            case .letter: tokenHasLetter = true; tokenTrailingSymbols = 0
            case .leetSymbol: tokenSymbols &+= 1; tokenTrailingSymbols &+= 1
            case .digit: tokenTrailingSymbols = 0; tokenLeetDigits &+= 1
            default: tokenTrailingSymbols = 0
            }
            return
        }
        if inToken { endToken() }
        gapPending = true
        if unit.kind == .space {
            if let last = phrase.last, last.kind == .space {
                phrase[phrase.count - 1].end = unit.end
                return
            }
            phrase.append(TextUnit(scalar: 0x20, start: unit.start, end: unit.end, kind: .space))
            return
        }
        if unit.kind != .separator { onlySeparators = false }
        phrase.append(unit)
    }

    /// Pushes the ASCII letters starting at `start` (the common case, in tight loops): a run of
    /// letters, and while it is followed by one space and another letter after a plain word, the
    /// next run too. Returns the index where the general path takes over.
    @inline(__always)
    mutating func pushASCIILetters(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, fold: UInt8,
                                   isLetter: UnsafeMutablePointer<Bool>) -> Int {
        if !inToken {
            beginToken(at: TextUnit(scalar: 0, start: Int32(truncatingIfNeeded: start), end: 0, kind: .letter))
        }
        let count = bytes.count
        words.reserve(count - start + 1)
        phrase.reserve(count - start + 1)
        var index = start
        while true {
            // Locals, not `words.count`/`phrase.count`: stores through the buffers could alias
            // those fields, which would put a store-to-load round trip in every iteration.
            let wordBase = words.base, phraseBase = phrase.base
            var wordCount = words.count, phraseCount = phrase.count
            repeat {
                let offset = Int32(truncatingIfNeeded: index)
                let unit = TextUnit(scalar: UInt32(bytes[index] | fold), start: offset, end: offset &+ 1, kind: .letter)
                wordBase[wordCount] = unit
                phraseBase[phraseCount] = unit
                wordCount &+= 1
                phraseCount &+= 1
                index &+= 1
            } while index < count && isLetter[Int(bytes[index])]
            words.count = wordCount
            phrase.count = phraseCount
            tokenHasLetter = true
            tokenTrailingSymbols = 0
            // "word word": close a plain word, one space, open the next word, without the general path.
            guard index &+ 1 < count && bytes[index] == 0x20 && isLetter[Int(bytes[index &+ 1])]
                && tokenSymbols | tokenLeetDigits == 0 && words.count - tokenWordStart > 1 && runLength == 0
            else { return index }
            markSpan(from: tokenWordStart, to: words.count)
            let space = Int32(truncatingIfNeeded: index)
            phrase.appendUnchecked(TextUnit(scalar: 0x20, start: space, end: space &+ 1, kind: .space))
            words.appendUnchecked(TextUnit(scalar: 0x20, start: space, end: space &+ 1, kind: .space))
            tokenGap = words.count &- 1
            tokenAfterSeparators = onlySeparators
            tokenWordStart = words.count
            tokenPhraseStart = phrase.count
            (tokenSymbols, tokenLeetDigits) = (0, 0)
            index &+= 1
        }
    }

    /// A dropped combining mark at `start..<end` joins the unit it follows.
    mutating func extendLast(from start: Int32, to end: Int32) {
        if phrase.count > 0 && phrase[phrase.count - 1].end == start { phrase[phrase.count - 1].end = end }
        if words.count > 0 && words[words.count - 1].end == start { words[words.count - 1].end = end }
    }

    mutating func finish() {
        if inToken { endToken() }
        finishRun()
    }

    @inline(__always)
    private mutating func beginToken(at unit: TextUnit) {
        inToken = true
        tokenHasLetter = false
        (tokenSymbols, tokenTrailingSymbols, tokenLeetDigits) = (0, 0, 0)
        tokenGap = -1
        if gapPending && words.count > 0 {
            tokenGap = words.count
            words.append(TextUnit(scalar: 0x20, start: words[words.count - 1].end, end: unit.start, kind: .space))
        }
        tokenAfterSeparators = tokenGap >= 0 && onlySeparators
        gapPending = false
        onlySeparators = true
        tokenWordStart = words.count
        tokenPhraseStart = phrase.count
    }

    @inline(__always)
    private mutating func endToken() {
        inToken = false
        // The usual word: letters only, not a single letter, no run of single letters pending.
        let length = words.count - tokenWordStart
        if tokenHasLetter && tokenSymbols | tokenLeetDigits == 0 && length > 1 && runLength == 0 {
            markSpan(from: tokenWordStart, to: words.count)
            return
        }
        endTokenInGeneral()
    }

    private mutating func endTokenInGeneral() {
        var single = false
        if tokenHasLetter {
            if tokenTrailingSymbols > 0 {
                words.count -= tokenTrailingSymbols
                gapPending = true
                onlySeparators = false
            }
            if leet && tokenSymbols - tokenTrailingSymbols + tokenLeetDigits > 0 {
                for index in tokenWordStart..<words.count where words[index].scalar < 0x80 {
                    let leetIndex = self.leetIndex[Int(words[index].scalar)]
                    words[index].leet = leetIndex
                    phrase[tokenPhraseStart + index - tokenWordStart].leet = leetIndex
                }
            }
            single = words.count - tokenWordStart == 1
            markSpan(from: tokenWordStart, to: words.count)
        } else if tokenSymbols > 0 {
            dropSymbols()
        } else {
            markSpan(from: tokenWordStart, to: words.count)
        }
        guard separators else { return }
        if single && runLength > 0 && tokenAfterSeparators && runStart + 2 * runLength == words.count - 1 {
            runLength += 1
        } else {
            finishRun()
            runStart = words.count - 1
            runLength = single ? 1 : 0
        }
    }

    private func markSpan(from start: Int, to end: Int) {
        words[start].span = UInt16(clamping: end - start - 1)
    }

    /// A token without letters: its symbols are punctuation, splitting it into digit runs.
    private mutating func dropSymbols() {
        var write = tokenWordStart, pieceStart = tokenWordStart
        var split = false
        for index in tokenPhraseStart..<phrase.count {
            let unit = phrase[index]
            if unit.kind == .leetSymbol {
                phrase[index].kind = .punct
                split = write > tokenWordStart
                continue
            }
            if split {
                markSpan(from: pieceStart, to: write)
                words[write] = TextUnit(scalar: 0x20, start: words[write - 1].end, end: unit.start, kind: .space)
                write += 1
                pieceStart = write
                split = false
            }
            words[write] = unit
            write += 1
        }
        if write > pieceStart { markSpan(from: pieceStart, to: write) }
        words.count = write
        if write == tokenWordStart && tokenGap >= 0 { words.count = tokenGap }
        if tokenTrailingSymbols > 0 || write == tokenWordStart {
            gapPending = true
            onlySeparators = false
        }
    }

    /// Joins a run of three or more single letters: drops the gaps between them.
    private mutating func finishRun() {
        guard runLength >= 3 else { return }
        let runEnd = runStart + 2 * runLength - 1
        var write = runStart + 1
        for index in stride(from: runStart + 2, to: runEnd, by: 2) {
            words[write] = words[index]
            write += 1
        }
        for index in runEnd..<words.count {
            words[write] = words[index]
            write += 1
        }
        words.count = write
        markSpan(from: runStart, to: runStart + runLength)
        runLength = 0
    }
}
