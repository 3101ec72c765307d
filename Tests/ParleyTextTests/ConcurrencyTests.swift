import ParleyText
import Testing

@Suite struct ConcurrencyTests {
    @Test func matchersAndPreparedTextsAreSharedAcrossTasks() async throws {
        let words = try WordListMatcher(entries: ["idiot", "kill you", "dimwit*", "*hole"], options: NormalizationOptions())
        let phrases = try PhraseMatcher(entries: ["bit.ly", "send 1 btc"], options: NormalizationOptions())
        let texts = ["you 1d10t", "k i l l you", "dimwits", "a$$hole", "see bit.ly", "send 1 BTC", "fine", "ｉｄｉｏｔ"]
        let shared = texts.map { PreparedText($0) }
        let expected = shared.map { words.matches(in: $0) + phrases.matches(in: $0) }
        #expect(expected.filter(\.isEmpty).count == 1)
        let results = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<16 {
                group.addTask {
                    (0..<200).allSatisfy { round in
                        let index = (task + round) % texts.count
                        // Half the time a fresh preparation, half the time the shared one.
                        let text = round.isMultiple(of: 2) ? PreparedText(texts[index]) : shared[index]
                        return words.matches(in: text) + phrases.matches(in: text) == expected[index]
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 16))
    }

    @Test func nonDefaultOptionsFromManyTasks() async {
        let options = NormalizationOptions.without(\.confusables)
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { PreparedText("ІDІОТ ìdíôt", options: options).normalizedWords } }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(results == ["\u{456}d\u{456}\u{43E}\u{442} idiot"])
    }
}
