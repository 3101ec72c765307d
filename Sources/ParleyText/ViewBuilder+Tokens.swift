extension ViewBuilder {
    /// Ends a token that is not a plain word: leet alternatives, trailing symbols, tokens without
    /// letters, and runs of single letters.
    mutating func endTokenInGeneral() {
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

    @inline(__always)
    func markSpan(from start: Int, to end: Int) {
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
    mutating func finishRun() {
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
