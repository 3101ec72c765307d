import ParleyText
import Testing

@Suite struct CensorTests {
    @Test func masksKeepingTheFirstCharacter() throws {
        let text = "oh d4mn it"
        let matcher = try WordListMatcher(entries: ["damn"], options: NormalizationOptions())
        let ranges = matcher.matches(in: PreparedText(text)).map(\.utf8Range)
        #expect(Censor.mask(text, utf8Ranges: ranges) == "oh d*** it")
    }

    @Test func masksCharactersNotBytes() throws {
        let text = "so ｄａｍｎ and 𝐝𝐚𝐦𝐧 and ďàmñ"
        let matcher = try WordListMatcher(entries: ["damn"], options: NormalizationOptions())
        let ranges = matcher.matches(in: PreparedText(text)).map(\.utf8Range)
        #expect(ranges.count == 3)
        #expect(Censor.mask(text, utf8Ranges: ranges) == "so ｄ*** and 𝐝*** and ď***")
    }

    @Test func graphemeClustersCountAsOneCharacter() {
        let text = "a 👍🏽👍🏽 b"
        let start = "a ".utf8.count
        #expect(Censor.mask(text, utf8Ranges: [start..<start + "👍🏽👍🏽".utf8.count]) == "a 👍🏽* b")
    }

    @Test func overlappingRangesMerge() {
        #expect(Censor.mask("abcdefghij", utf8Ranges: [0..<5, 3..<8]) == "a*******ij")
        #expect(Censor.mask("abcdefghij", utf8Ranges: [3..<8, 0..<5, 4..<6]) == "a*******ij")
        #expect(Censor.mask("abc def", utf8Ranges: [0..<3, 4..<7]) == "a** d**")
        #expect(Censor.mask("abc", utf8Ranges: []) == "abc")
        #expect(Censor.mask("abc", utf8Ranges: [1..<1]) == "abc")
    }

    @Test func spelledOutWordsAreMaskedWhole() throws {
        let text = "you i.d.i.o.t!"
        let matcher = try WordListMatcher(entries: ["idiot"], options: NormalizationOptions())
        let ranges = matcher.matches(in: PreparedText(text)).map(\.utf8Range)
        #expect(Censor.mask(text, utf8Ranges: ranges) == "you i********!")
    }
}
