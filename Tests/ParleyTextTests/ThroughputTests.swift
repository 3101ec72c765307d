import ParleyText
import Testing

/// Prints throughput; run it in a release build for meaningful numbers:
/// `swift test -c release --scratch-path .build-text --filter Throughput`.
/// It asserts behaviour only, never time.
@Suite struct Throughput {
    #if DEBUG
    static let megabytes = 1
    #else
    static let megabytes = 64
    #endif

    @Test func throughputOfPreparationAndMatching() throws {
        let comments = SampleCorpus.comments(count: 4_000)
        let corpusBytes = comments.reduce(0) { $0 + $1.utf8.count }
        let rounds = max(1, Self.megabytes * 1_000_000 / corpusBytes)
        let options = NormalizationOptions()
        let clock = ContinuousClock()

        var compiled: WordListMatcher?
        let compile = clock.measure { compiled = try? WordListMatcher(entries: SampleCorpus.wordList(), options: options) }
        let words = try #require(compiled)
        let uniform = try WordListMatcher(entries: SampleCorpus.uniformWordList(), options: options)
        let phrases = try PhraseMatcher(entries: SampleCorpus.phrases, options: options)
        let fewPhrases = try PhraseMatcher(entries: Array(SampleCorpus.phrases.prefix(5)), options: options)

        func measure(_ label: String, _ body: (PreparedText) -> Int) -> Int {
            var found = 0
            let elapsed = clock.measure {
                for _ in 0..<rounds {
                    for comment in comments { found += body(PreparedText(comment, options: options)) }
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let rate = Double(corpusBytes * rounds) / seconds / 1e6
            print("throughput \(label): \(Int(rate)) MB/s (\(corpusBytes * rounds) bytes, \(found) matches)")
            return found
        }
        _ = measure("normalization") { $0.original.isEmpty ? 1 : 0 }
        let wordMatches = measure("normalization + 10k words") { words.matches(in: $0).count }
        let allMatches = measure("normalization + 10k words + 30 phrases") {
            words.matches(in: $0).count + phrases.matches(in: $0).count
        }
        _ = measure("normalization + 10k uniform words + 5 phrases") {
            uniform.matches(in: $0).count + fewPhrases.matches(in: $0).count
        }
        print("10k word list: compiled in \(compile), automata \(words.memoryFootprint / 1024) KiB")
        #expect(allMatches >= wordMatches)
        #expect(words.memoryFootprint < 50_000_000)
    }
}
