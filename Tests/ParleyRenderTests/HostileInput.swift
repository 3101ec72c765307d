/// Random comment bodies for property tests, reproducible from a seed (SplitMix64).
struct HostileInput {
    static let alphabet = Array("<>\"'&[]()*_`\n!:/ ".unicodeScalars)
    static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
    /// Pieces that make the renderer's interesting paths likely: links, schemes, fences, quotes.
    static let fragments = ["http://", "https://", "mailto:", "javascript:", "JaVaScRiPt:", "data:", "](", "[x](",
                            "```", "\n```\n", "\n> ", "> > ", "&#106;", "&#x6A;", "%6a", "&colon;", "**", "__",
                            "ok.example", "<script>", "onerror=", "\u{202E}", "\u{0}", "\t", "\r\n", "\u{338}",
                            "👍🏽", "é", "\"onmouseover=\"", "\n\n", "`` ", " ``"]

    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Single characters of the hostile alphabet and letters. Never three backticks in a row:
    /// that could open a fence, whose info string is not shown, and this generator's bodies
    /// must show every letter.
    mutating func characters(maxLength: Int) -> String {
        var scalars = String.UnicodeScalarView()
        var backticks = 0
        for _ in 0..<below(maxLength + 1) {
            var scalar = below(5) < 2 ? Self.letters[below(Self.letters.count)] : Self.alphabet[below(Self.alphabet.count)]
            if scalar == "`", backticks == 2 { scalar = "a" }
            backticks = scalar == "`" ? backticks + 1 : 0
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Characters mixed with `fragments`.
    mutating func fragments(maxPieces: Int) -> String {
        var text = ""
        for _ in 0..<below(maxPieces + 1) {
            switch below(3) {
            case 0: text += Self.fragments[below(Self.fragments.count)]
            case 1: text.unicodeScalars.append(Self.letters[below(Self.letters.count)])
            default: text.unicodeScalars.append(Self.alphabet[below(Self.alphabet.count)])
            }
        }
        return text
    }
}
