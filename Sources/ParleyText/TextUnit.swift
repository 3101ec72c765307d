/// One normalized code point, with the UTF-8 span of the original text that produced it.
///
/// Several units may share one span (`ﬁ` → `f`, `i`); a gap or collapsed whitespace run is a
/// single unit with scalar U+0020.
struct TextUnit: Sendable {
    var scalar: UInt32
    var start: Int32
    var end: Int32
    var kind: UnitKind
    /// Index into `Leet.alternatives`; 0 when the unit only stands for itself.
    var leet: UInt8 = 0
}

enum UnitKind: UInt8, Sendable {
    case letter      // any letter or mark (marks only survive with `diacritics` off)
    case digit       // ASCII 0-9
    case number      // other numbers: part of words, never leet
    case leetSymbol  // @ ! | $ + while `leet` is on: letters inside a lettered word, else punctuation
    case space       // white space; in the word view, the gap between two words
    case separator   // . - _ * and similar: may split single letters that `separators` joins
    case punct

    var isWordish: Bool { rawValue <= UnitKind.leetSymbol.rawValue }

    /// Kinds of the ASCII characters, with and without leet symbols.
    static let ascii: [UnitKind] = asciiKinds(leet: false)
    static let asciiLeet: [UnitKind] = asciiKinds(leet: true)

    private static func asciiKinds(leet: Bool) -> [UnitKind] {
        (0..<128).map { (byte: UInt8) -> UnitKind in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): .letter
            case UInt8(ascii: "0")...UInt8(ascii: "9"): .digit
            case 0x09...0x0D, 0x20: .space
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "*"): .separator
            case UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: "$"), UInt8(ascii: "+"):
                leet ? .leetSymbol : .punct
            default: .punct
            }
        }
    }

    /// The kind of a non-ASCII normalized scalar.
    static func of(nonASCII scalar: UInt32, classes: ScalarClassTable) -> UnitKind {
        switch classes[scalar] {
        case .letter, .mark: return .letter
        case .number: return .number
        case .space: return .space
        case .other: return separatorLike.contains(scalar) ? .separator : .punct
        }
    }

    /// Dashes and dots that split spelled-out letters as `-` and `.` do (after NFKC, fullwidth
    /// forms are already ASCII).
    private static let separatorLike: Set<UInt32> = [
        0x00B7, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2022, 0x2027, 0x2219, 0x2212,
        0x22C5, 0x2E3A, 0x2E3B, 0x30FB, 0xFE58, 0xFE63, 0xFF0D, 0xFF0E, 0xFF3F, 0xFF0A, 0xFF65,
    ]
}

/// The leet substitutions of RULES.md: which letters a digit or symbol may stand for.
enum Leet {
    /// Letters per leet index (index 0: none).
    static let alternatives: [[UInt32]] = [[], ["i", "l"], ["a"], ["e"], ["o"], ["s"], ["t"], ["b"]]
        .map { $0.map { (letter: Unicode.Scalar) in letter.value } }

    /// Leet index per ASCII character.
    static let index: [UInt8] = (0..<128).map { (byte: UInt8) -> UInt8 in
        switch byte {
        case UInt8(ascii: "1"), UInt8(ascii: "!"), UInt8(ascii: "|"): 1
        case UInt8(ascii: "4"), UInt8(ascii: "@"): 2
        case UInt8(ascii: "3"): 3
        case UInt8(ascii: "0"): 4
        case UInt8(ascii: "5"), UInt8(ascii: "$"): 5
        case UInt8(ascii: "7"), UInt8(ascii: "+"): 6
        case UInt8(ascii: "8"): 7
        default: 0
        }
    }
}
