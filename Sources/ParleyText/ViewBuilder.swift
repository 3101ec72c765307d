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
    let leet: Bool, separators: Bool
    let leetIndex: UnsafeMutablePointer<UInt8>

    // Token state (see also ViewBuilder+ASCII.swift and ViewBuilder+Tokens.swift).
    var inToken = false
    var tokenWordStart = 0, tokenPhraseStart = 0, tokenGap = -1
    var tokenHasLetter = false, tokenSymbols = 0, tokenTrailingSymbols = 0, tokenLeetDigits = 0
    /// Whether only white space and separators came between the previous token and this one.
    var tokenAfterSeparators = false
    var gapPending = false, onlySeparators = true
    /// The current run of single letters split by separators: its first unit in `words`, its length.
    var runStart = 0, runLength = 0

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
    mutating func beginToken(at unit: TextUnit) {
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
    mutating func endToken() {
        inToken = false
        // The usual word: letters only, not a single letter, no run of single letters pending.
        let length = words.count - tokenWordStart
        if tokenHasLetter && tokenSymbols | tokenLeetDigits == 0 && length > 1 && runLength == 0 {
            markSpan(from: tokenWordStart, to: words.count)
            return
        }
        endTokenInGeneral()
    }

}
