/// The leet substitutions of RULES.md: which letters a digit or symbol may stand for.
enum Leet {
    /// Letters per leet index (index 0: none).
    static let alternatives: [[UInt32]] = [[], ["i", "l"], ["a"], ["e"], ["o"], ["s"], ["t"], ["b"]]
        .map { $0.map { (letter: Unicode.Scalar) in letter.value } }

    static func index(ofASCII byte: UInt8) -> UInt8 {
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
