extension ViewBuilder {
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
}
