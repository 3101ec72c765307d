import ParleyText
import Testing

/// RULES.md's evasions of `idiot`, one per normalization step, and what each step-off disables.
@Suite struct NormalizationStepTests {
    /// An evasion and the steps it needs (turning any of them off must stop the match).
    struct Evasion: CustomTestStringConvertible, Sendable {
        var text: String
        var needs: [String]
        var testDescription: String { "\(text.unicodeScalars.map { $0.isASCII ? String($0) : "U+\(String($0.value, radix: 16, uppercase: true))" }.joined()) needs \(needs)" }
    }

    static let evasions: [Evasion] = [
        Evasion(text: "IDIOT", needs: ["case"]),
        Evasion(text: "Idiot!", needs: ["case"]),
        Evasion(text: "ｉｄｉｏｔ", needs: ["width-and-compat"]),
        Evasion(text: "𝐢𝐝𝐢𝐨𝐭", needs: ["width-and-compat"]),
        Evasion(text: "ìdíôt", needs: ["diacritics"]),
        Evasion(text: "i\u{300}di\u{301}o\u{302}t", needs: ["diacritics"]),
        Evasion(text: "id\u{200B}iot", needs: ["invisible"]),
        Evasion(text: "i\u{AD}d\u{2060}i\u{FEFF}o\u{202E}t", needs: ["invisible"]),
        Evasion(text: "\u{456}d\u{456}\u{43E}t", needs: ["confusables"]),
        Evasion(text: "1d10t", needs: ["leet"]),
        Evasion(text: "!d!0t", needs: ["leet"]),
        Evasion(text: "idiooooot", needs: ["repeats"]),
        Evasion(text: "iiidddiiioooottt", needs: ["repeats"]),
        Evasion(text: "i.d.i.o.t", needs: ["separators"]),
        Evasion(text: "i d i o t", needs: ["separators"]),
        Evasion(text: "i-d-i-o-t", needs: ["separators"]),
        Evasion(text: "i_d_i_o_t", needs: ["separators"]),
        Evasion(text: "i*d*i*o*t", needs: ["separators"]),
    ]

    @Test("every evasion matches idiot, reporting exactly what was typed", arguments: evasions)
    func evasionMatches(_ evasion: Evasion) throws {
        let text = "you are an \(evasion.text) honestly"
        let typed = evasion.text.hasSuffix("!") ? String(evasion.text.dropLast()) : evasion.text
        #expect(try words(["idiot"], in: text) == [typed])
    }

    @Test("turning a step off disables exactly the evasions that need it", arguments: NormalizationOptions.stepKeys.map(\.key))
    func stepOff(_ key: String) throws {
        let path = try #require(NormalizationOptions.stepKeys.first { $0.key == key }).path
        let options = NormalizationOptions.without(path)
        #expect(try words(["idiot"], in: "idiot", options: options) == ["idiot"])
        for evasion in Self.evasions {
            let matched = try !words(["idiot"], in: evasion.text, options: options).isEmpty
            #expect(matched == !evasion.needs.contains(key), "\(key) off, \(evasion.testDescription)")
        }
    }

    @Test func stepKeysFollowRulesOrder() {
        #expect(NormalizationOptions.stepKeys.map(\.key)
            == ["case", "width-and-compat", "diacritics", "invisible", "confusables", "leet", "repeats", "separators"])
        var options = NormalizationOptions()
        for step in NormalizationOptions.stepKeys { options[keyPath: step.path] = false }
        #expect(options == NormalizationOptions.none)
        #expect(NormalizationOptions() != NormalizationOptions.none)
    }

    @Test func caseFoldingIsFullUnicodeFolding() throws {
        #expect(try words(["scheisse"], in: "So eine SCHEISSE, echt Scheiße!") == ["SCHEISSE", "Scheiße"])
        #expect(try words(["straße"], in: "STRASSE") == ["STRASSE"])
        #expect(try words(["σοφία"], in: "ΣΟΦΊΑ") == ["ΣΟΦΊΑ"])
        #expect(try words(["привет"], in: "ПРИВЕТ всем") == ["ПРИВЕТ"])
    }

    @Test func compatibilityFormsAndLigatures() throws {
        #expect(try words(["fine"], in: "ﬁne by me") == ["ﬁne"])
        #expect(try words(["idiot"], in: "𝒾𝒹𝒾ℴ𝓉 and 𝔦𝔡𝔦𝔬𝔱") == ["𝒾𝒹𝒾ℴ𝓉", "𝔦𝔡𝔦𝔬𝔱"])
        #expect(try words(["idiot"], in: "ⓘⓓⓘⓞⓣ") == ["ⓘⓓⓘⓞⓣ"])
    }

    @Test func confusablesMapOtherScriptsButNeverASCII() throws {
        #expect(try words(["vote"], in: "\u{3BD}\u{3BF}te now") == ["\u{3BD}\u{3BF}te"])
        #expect(try words(["scam"], in: "\u{455}\u{441}\u{430}m") == ["\u{455}\u{441}\u{430}m"])
        // TR39 skeletons treat rn/m and I/l as one; ASCII is never remapped here.
        #expect(try words(["mad"], in: "rnad") == [])
        #expect(try words(["lol"], in: "IoI") == [])
        #expect(try words(["clip"], in: "dip") == [])
    }

    @Test func diacriticsFoldCyrillicAndLatinMarks() throws {
        #expect(try words(["cafe"], in: "un café, une CAFÉ") == ["café", "CAFÉ"])
        #expect(try words(["и"], in: "й") == ["й"])
        // With diacritics off, precomposed and decomposed forms still agree (both decompose).
        #expect(try words(["café"], in: "cafe\u{301} café", options: .without(\.diacritics)) == ["cafe\u{301}", "café"])
        #expect(try words(["cafe"], in: "café", options: .without(\.diacritics)) == [])
    }

    @Test func aTrailingCombiningMarkBelongsToTheMatch() throws {
        #expect(try words(["idiot"], in: "idiot\u{308} yes") == ["idiot\u{308}"])
        #expect(try words(["idiot"], in: "idiot\u{200B} yes") == ["idiot"])
    }
}
