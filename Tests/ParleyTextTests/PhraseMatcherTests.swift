import ParleyText
import Testing

@Suite struct PhraseMatcherTests {
    @Test func substringsAfterNormalizationWithWhitespaceRuns() throws {
        #expect(try phrases(["double your bitcoin"], in: "DOUBLE  your\n BITCOIN today") == ["DOUBLE  your\n BITCOIN"])
        #expect(try phrases(["double your bitcoin"], in: "doubleyour bitcoin") == [])
        #expect(try phrases(["send 1 btc"], in: "please send 1 BTC now") == ["send 1 BTC"])
        #expect(try phrases(["send 1 btc"], in: "please send i btc now") == [])
    }

    @Test func punctuationIsKept() throws {
        #expect(try phrases(["cheap-pills.example"], in: "visit CHEAP-PILLS.example/buy") == ["CHEAP-PILLS.example"])
        #expect(try phrases(["cheap-pills.example"], in: "cheap pills example") == [])
        #expect(try phrases(["bit.ly"], in: "see bit.ly/3xyz and rabbit.lying") == ["bit.ly", "bit.ly"])
        #expect(try phrases(["@scam_support"], in: "dm @Scam_Support") == ["@Scam_Support"])
        #expect(try phrases(["t.me/"], in: "https://t.me/joinchat") == ["t.me/"])
    }

    @Test func scalarStepsAndLeetApplyButRepeatsAndSeparatorsDoNot() throws {
        #expect(try phrases(["free crypto"], in: "ＦＲＥＥ ｃｒｙｐｔｏ") == ["ＦＲＥＥ ｃｒｙｐｔｏ"])
        #expect(try phrases(["free crypto"], in: "fr33 crypt0!") == ["fr33 crypt0"])
        #expect(try phrases(["free crypto"], in: "fr\u{200B}ee cr\u{443}pto") == ["fr\u{200B}ee cr\u{443}pto"])
        #expect(try phrases(["bit.ly"], in: "bitt.ly") == [])
        #expect(try phrases(["free"], in: "f r e e") == [])
    }

    @Test func overlappingPhrasesAreAllReported() throws {
        let matcher = try PhraseMatcher(entries: ["crypto", "free crypto", "o g"], options: NormalizationOptions())
        let text = "free crypto giveaway"
        let found = matcher.matches(in: PreparedText(text))
        #expect(found.map(\.entry) == [1, 0, 2])
        #expect(matchedTexts(found, in: text) == ["free crypto", "crypto", "o g"])
        #expect(matcher.firstMatch(in: PreparedText(text))?.entry == 1)
    }

    @Test func leetReadingsDivergeAndRejoin() throws {
        // `1` may be i, l or a digit; each reading is followed until they agree again.
        let matcher = try PhraseMatcher(entries: ["li1l", "lill", "iiii", "l11l"], options: NormalizationOptions())
        let found = matcher.matches(in: PreparedText("1111 l11l"))
        #expect(found.map(\.entry) == [0, 1, 3])
        #expect(found.allSatisfy { $0.utf8Range == 5..<9 })
        #expect(try phrases(["click here"], in: "c1ick h3r3 c|ick here") == ["c1ick h3r3", "c|ick here"])
    }

    @Test func manyPhrasesAndOneLetterPhrases() throws {
        // Enough different beginnings that every unit goes through the automaton.
        let entries = SampleCorpus.phrases + ["x"]
        let matcher = try PhraseMatcher(entries: entries, options: NormalizationOptions())
        let text = "Work from home: X marks it, earn $500 and click here. Then WIN AN IPHONE!"
        let found = matcher.matches(in: PreparedText(text))
        #expect(matchedTexts(found, in: text) == ["Work from home", "X", "earn $500", "click here", "WIN AN IPHONE"])
        #expect(found.map { entries[$0.entry] } == ["work from home", "x", "earn $500", "click here", "win an iphone"])
    }

    @Test func invalidPhrasesAreRefused() throws {
        #expect(throws: TextPatternError.self) { try PhraseMatcher(entries: ["ok", "  "], options: NormalizationOptions()) }
        #expect(try phrases(["!!!", "a*b"], in: "wow!!! a*b") == ["!!!", "a*b"])
    }

    @Test func largePhraseListsFallBackToFailureLinks() throws {
        // Enough phrases that a full transition table would exceed its budget.
        var random = SampleCorpus.Generator(state: 7)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789./-_")
        var entries = (0..<9_000).map { _ in String((0..<12).map { _ in random.pick(letters) }) }
        entries.append("needle.example")
        let matcher = try PhraseMatcher(entries: entries, options: NormalizationOptions())
        let text = "find the NEEDLE.example here, and \(entries[42]) too"
        let found = matcher.matches(in: PreparedText(text))
        #expect(found.map(\.entry) == [9_000, 42])
    }
}
