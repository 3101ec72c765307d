import ParleyText
import Testing

/// `firstMatch` stops early; it must still be exactly `matches(in:).first`.
@Suite struct FirstMatchTests {
    static let texts = [
        "nothing to see", "idiot", "you idiot, dimwits and assholes", "kill... you idiot", "the brain-dead moron",
        "a hole in the asshole", "gooood 1d10t", "please send 1 btc to bit.ly/x", "free crypto crypto", "x y z",
        "ing you hating you", "so dim wittiest", "|o1 l0l", "free  crypto giveaway and free crypto",
    ]

    @Test(arguments: [
        ["idiot", "moron", "kill you", "dimwit*", "*hole", "brain dead", "*ing you", "dim wit*", "lol"],
        ["you", "you idiot", "idiot"],
        ["*hole", "hole", "*ole"],
        ["*ing you", "you"],
        ["*o*", "o"],
    ])
    func wordListFirstMatchIsTheFirstOfAll(_ entries: [String]) throws {
        let matcher = try WordListMatcher(entries: entries, options: NormalizationOptions())
        for text in Self.texts {
            let prepared = PreparedText(text)
            #expect(matcher.firstMatch(in: prepared) == matcher.matches(in: prepared).first, "\(text)")
        }
    }

    @Test(arguments: [
        ["send 1 btc", "bit.ly", "free crypto", "crypto giveaway", "o"],
        ["crypto", "free crypto", "e c"],
        ["free crypto giveaway", "crypto"],
    ])
    func phraseFirstMatchIsTheFirstOfAll(_ entries: [String]) throws {
        let matcher = try PhraseMatcher(entries: entries, options: NormalizationOptions())
        for text in Self.texts {
            let prepared = PreparedText(text)
            #expect(matcher.firstMatch(in: prepared) == matcher.matches(in: prepared).first, "\(text)")
        }
    }
}
