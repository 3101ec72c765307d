import ParleyText
import Testing

@Suite struct CompilationTests {
    @Test func tenThousandEntriesCompileSmallAndMatchInOnePass() throws {
        let entries = SampleCorpus.wordList()
        #expect(entries.count == 10_000)
        let clock = ContinuousClock()
        var matcher: WordListMatcher?
        let elapsed = try clock.measure { matcher = try WordListMatcher(entries: entries, options: NormalizationOptions()) }
        let compiled = try #require(matcher)
        print("10k word list: compiled in \(elapsed), automata \(compiled.memoryFootprint / 1024) KiB")
        #expect(compiled.memoryFootprint < 50_000_000)
        // Every plain entry matches itself as a word.
        let plain = entries.enumerated().filter { !$0.element.contains("*") }.prefix(500)
        for (index, entry) in plain {
            let found = compiled.matches(in: PreparedText("so \(entry)!"))
            #expect(found.contains { $0.entry == index }, "\(entry)")
        }
    }
}
