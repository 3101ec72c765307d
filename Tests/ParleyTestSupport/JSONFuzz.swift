import Foundation
import ParleyCore

/// Generated inputs for proving that `JSONWriter` writes the bytes `ParleyJSON.encoder()`
/// writes: strings made of the characters JSON escaping gets wrong (quotes, backslashes,
/// control characters, separators, emoji, RTL text, lone combining marks), times with and
/// without milliseconds, and every optional member both present and absent.
public struct JSONFuzz: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// SplitMix64: a seed gives the same inputs on every machine.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public static let pieces: [String] = [
        "a", "Z", "0", " ", "  ", "\"", "\\", "/", "//", "\\\"", "\\u0041", "\u{7F}", "\u{80}", "\u{85}", "\u{A0}",
        "\u{2028}", "\u{2029}", "\u{2028}\u{2029}", "\u{FEFF}", "\u{200B}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202E}",
        "\u{301}", "\u{308}\u{301}", "e\u{301}", "é", "ﬁ", "😀", "👩‍👩‍👧", "🇺🇦", "👍🏽", "\u{1F3FB}", "\u{E000}", "\u{FFFD}",
        "\u{FFFF}", "\u{10FFFF}", "مرحبا بالعالم", "שלום", "Привіт, Київ", "漢字かな", "한국어", "\r\n", "</script>",
        "<!-- -->", "&amp;", "null", "true", "{}", "[]", ":", ",", "%s", "\t\t", "ǅ", "İ", "ß",
    ]

    /// A string of 0 to `maximum` pieces: tricky ones, every control character, any scalar.
    public mutating func string(maximum: Int = 24) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...maximum, using: &self) {
            switch Int.random(in: 0..<10, using: &self) {
            case 0:
                text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...0x20, using: &self)))
            case 1:
                text.unicodeScalars.append(anyScalar())
            case 2...3:
                text += SampleText.comment(length: Int.random(in: 1...40, using: &self), using: &self)
            default:
                text += Self.pieces.randomElement(using: &self)!
            }
        }
        return text
    }

    public mutating func anyScalar() -> Unicode.Scalar {
        while true {
            let value = Bool.random(using: &self) ? UInt32.random(in: 0...0xFFFF, using: &self) : UInt32.random(in: 0...0x10FFFF, using: &self)
            if let scalar = Unicode.Scalar(value) { return scalar }
        }
    }

    public mutating func maybe<T>(_ make: (inout JSONFuzz) -> T) -> T? {
        Bool.random(using: &self) ? make(&self) : nil
    }

    /// Whole seconds, milliseconds, microseconds (what PostgreSQL stores) and arbitrary
    /// fractions, from 1901 to 2100.
    public mutating func date() -> Date {
        let seconds = Double(Int64.random(in: -2_170_000_000...4_100_000_000, using: &self))
        switch Int.random(in: 0..<4, using: &self) {
        case 0: return Date(timeIntervalSince1970: seconds)
        case 1: return Date(timeIntervalSince1970: seconds + Double(Int.random(in: 0..<1000, using: &self)) / 1000)
        case 2: return Date(timeIntervalSince1970: seconds + Double(Int.random(in: 0..<1_000_000, using: &self)) / 1_000_000)
        default: return Date(timeIntervalSince1970: seconds + Double.random(in: 0..<1, using: &self))
        }
    }

    public mutating func integer() -> Int {
        switch Int.random(in: 0..<4, using: &self) {
        case 0: return [0, -1, 1, Int.max, Int.min, Int(Int32.max), -1000].randomElement(using: &self)!
        case 1: return Int.random(in: Int.min...Int.max, using: &self)
        default: return Int.random(in: -1000...100_000, using: &self)
        }
    }

    public mutating func id() -> Int64 {
        Bool.random(using: &self) ? Int64.random(in: 1...100_000, using: &self) : Int64.random(in: Int64.min...Int64.max, using: &self)
    }

    /// A `[String: Int]` like the counts answer: keys that share prefixes, differ in case,
    /// numbers in them, punctuation and non-ASCII.
    public mutating func counts() -> [String: Int] {
        var counts: [String: Int] = [:]
        let stems = ["a", "A", "a10", "a9", "a_", "a-b", "a.b", "é", "e\u{301}", "Z", "z", "ä", "日本", "🇺🇦", "key", "key_", "key-1", ""]
        for _ in 0..<Int.random(in: 0...30, using: &self) {
            let key = Bool.random(using: &self) ? stems.randomElement(using: &self)! + string(maximum: 2) : string(maximum: 4)
            counts[key] = integer()
        }
        return counts
    }
}
