import ParleyText
import Testing

@Suite struct WordListMatcherTests {
    @Test func wholeWordsOnly() throws {
        #expect(try words(["ass"], in: "a classic assassin in class") == [])
        #expect(try words(["class"], in: "classic classes") == [])
        #expect(try words(["cunt"], in: "Scunthorpe United") == [])
        #expect(try words(["ass"], in: "what an ass, honestly") == ["ass"])
        #expect(try words(["ass"], in: "ass") == ["ass"])
    }

    @Test func multiWordEntriesMatchAcrossAnySpacesAndPunctuation() throws {
        #expect(try words(["kill you"], in: "I will kill... you") == ["kill... you"])
        #expect(try words(["kill you"], in: "kill\n\tyou") == ["kill\n\tyou"])
        #expect(try words(["brain dead"], in: "totally brain-dead take") == ["brain-dead"])
        #expect(try words(["brain dead"], in: "braindead") == [])
        #expect(try words(["kill you"], in: "skill you") == [])
        #expect(try words(["kill you"], in: "kill your darlings") == [])
    }

    @Test func prefixAndSuffixWildcards() throws {
        #expect(try words(["dimwit*"], in: "dimwit dimwits dimwitted adimwit") == ["dimwit", "dimwits", "dimwitted"])
        #expect(try words(["*hole"], in: "asshole hole holes a$$hole") == ["asshole", "hole", "a$$hole"])
        #expect(try words(["*shit*"], in: "bullshitting shitty unshit shot") == ["bullshitting", "shitty", "unshit"])
        #expect(try words(["kill you*"], in: "kill yourself") == ["kill yourself"])
        #expect(try words(["*ing you"], in: "hating you") == ["hating you"])
    }

    @Test func falsePositivesFromNormalizationDoNotHappen() throws {
        #expect(try words(["aman", "iamanice", "amanice"], in: "I am a nice person") == [])
        #expect(try words(["iooo", "looo", "i", "s138", "sl38", "slbe"], in: "1,000 days and $138 million") == [])
        #expect(try words(["1", "000", "138"], in: "1,000 days and $138 million") == ["1", "000", "138"])
        #expect(try words(["youi", "youl", "youii"], in: "you!!") == [])
        #expect(try words(["you"], in: "you!!") == ["you"])
        #expect(try words(["poop"], in: "pop") == [])
        #expect(try words(["good"], in: "god") == [])
        #expect(try words(["xyz"], in: "x y zed") == [])
    }

    @Test func leetIsAmbiguousBetweenIAndL() throws {
        #expect(try words(["kill"], in: "k1ll") == ["k1ll"])
        #expect(try words(["idiot"], in: "1d10t") == ["1d10t"])
        #expect(try words(["lol"], in: "|o1") == ["|o1"])
        #expect(try words(["lol"], in: "lo|") == [])
        #expect(try words(["asshole"], in: "a$$hole") == ["a$$hole"])
        #expect(try words(["shit"], in: "$hit") == ["$hit"])
        #expect(try words(["test"], in: "7e57") == ["7e57"])
        #expect(try words(["boob"], in: "8008") == [])
        #expect(try words(["boob"], in: "b008") == ["b008"])
        #expect(try words(["covid19"], in: "covid19 again") == ["covid19"])
    }

    @Test func repeatsAreAbsorbedOnlyOnTheTextSide() throws {
        #expect(try words(["kill"], in: "kiiiilll") == ["kiiiilll"])
        #expect(try words(["good"], in: "gooood") == ["gooood"])
        #expect(try words(["idiot"], in: "iddiot") == ["iddiot"])
        #expect(try words(["idiot"], in: "1d1000t") == ["1d1000t"])
        #expect(try words(["kill"], in: "kil") == [])
    }

    @Test func separatorsJoinOnlyRunsOfThreeOrMoreSingleLetters() throws {
        #expect(try words(["kill you"], in: "k i l l you") == ["k i l l you"])
        #expect(try words(["usa"], in: "U.S.A. rocks") == ["U.S.A"])
        #expect(try words(["eg"], in: "e.g. this") == [])
        #expect(try words(["idiot"], in: "i. d. i. o. t") == ["i. d. i. o. t"])
        #expect(try words(["idiot"], in: "i/d/i/o/t") == [])
        #expect(try words(["abc", "c"], in: "a b c d") == [])
    }

    @Test func rangesPointAtTheOriginalText() throws {
        let text = "oh 1d10t, ｉｄｉｏｔ and i.d.i.o.t or id\u{200B}iot!"
        #expect(try words(["idiot"], in: text) == ["1d10t", "ｉｄｉｏｔ", "i.d.i.o.t", "id\u{200B}iot"])
        let matcher = try WordListMatcher(entries: ["idiot"], options: NormalizationOptions())
        let first = try #require(matcher.firstMatch(in: PreparedText(text)))
        #expect(first == TextMatch(entry: 0, utf8Range: 3..<8))
        #expect(first.text(in: text) == "1d10t")
    }

    @Test func everyOccurrenceInTextOrderWithEntryIndexes() throws {
        let matcher = try WordListMatcher(entries: ["moron", "idiot", "Idiot", "kill you"], options: NormalizationOptions())
        let text = "idiot, moron; KILL YOU idiot"
        let found = matcher.matches(in: PreparedText(text))
        #expect(found.map(\.entry) == [1, 2, 0, 3, 1, 2])
        #expect(matchedTexts(found, in: text) == ["idiot", "idiot", "moron", "KILL YOU", "idiot", "idiot"])
        #expect(matcher.firstMatch(in: PreparedText("nothing here")) == nil)
        #expect(try WordListMatcher(entries: [], options: NormalizationOptions()).matches(in: PreparedText(text)) == [])
    }

    @Test func invalidEntriesAreRefused() {
        for entry in ["", "   ", "*", "**", "!!!", "kill*you", "a**", "*a*b"] {
            #expect(throws: TextPatternError.self, "\(entry)") {
                try WordListMatcher(entries: ["fine", entry], options: NormalizationOptions())
            }
        }
        let error = #expect(throws: TextPatternError.self) {
            try WordListMatcher(entries: ["kill*you"], options: NormalizationOptions())
        }
        #expect(error?.entry == "kill*you")
        #expect(error?.message.contains("*") == true)
    }

    @Test func preparedTextWithOtherOptionsIsPreparedAgain() throws {
        let matcher = try WordListMatcher(entries: ["idiot"], options: NormalizationOptions())
        let prepared = PreparedText("1d10t", options: .none)
        #expect(matcher.matches(in: prepared).count == 1)
        let strict = try WordListMatcher(entries: ["idiot"], options: .none)
        #expect(strict.matches(in: PreparedText("1d10t")).isEmpty)
        #expect(strict.matches(in: PreparedText("idiot")).count == 1)
    }

    @Test func separatorRunsAnywhereInTheText() {
        #expect(PreparedText("x y z and a b c d").normalizedWords == "xyz and abcd")
        #expect(PreparedText("a. b. c, d e f; g h").normalizedWords == "abc def g h")
        #expect(PreparedText("d e f. g h").normalizedWords == "defgh")
        #expect(PreparedText("I am a b c").normalizedWords == "i am abc")
    }

    @Test func veryLongWordsAreStillWholeWords() throws {
        let long = String(repeating: "ab", count: 40_000)
        #expect(try words(["idiot", "ab*"], in: "\(long) idiot") == [long, "idiot"])
        #expect(try words(["*ba"], in: long + "a") == [long + "a"])
    }

    @Test func normalizedWordsForFingerprints() {
        #expect(PreparedText("i d i o t!!").normalizedWords == "idiot")
        #expect(PreparedText("Hello,  WORLD... 1d10t $138").normalizedWords == "helo world idiot 138")
        #expect(PreparedText("Hello,  WORLD", options: .none).normalizedWords == "Hello WORLD")
        #expect(PreparedText("  ").normalizedWords == "")
    }
}
