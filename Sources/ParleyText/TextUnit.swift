/// One normalized code point, with the UTF-8 span of the original text that produced it.
///
/// Several units may share one span (`ﬁ` → `f`, `i`); a gap or collapsed whitespace run is a
/// single unit with scalar U+0020. Stored as two 64-bit words so that writing one (the hot loop
/// of preparation writes two per byte) is two stores, not one per field.
struct TextUnit: Sendable {
    /// scalar | start << 32
    private var low: UInt64
    /// end | kind << 32 | leet << 40 | span << 48
    private var high: UInt64

    @inline(__always)
    init(scalar: UInt32, start: Int32, end: Int32, kind: UnitKind, leet: UInt8 = 0, span: UInt16 = 0) {
        low = UInt64(scalar) | UInt64(UInt32(bitPattern: start)) << 32
        high = UInt64(UInt32(bitPattern: end)) | UInt64(kind.rawValue) << 32 | UInt64(leet) << 40 | UInt64(span) << 48
    }

    var scalar: UInt32 {
        @inline(__always) get { UInt32(truncatingIfNeeded: low) }
    }

    var start: Int32 {
        @inline(__always) get { Int32(truncatingIfNeeded: low >> 32) }
    }

    var end: Int32 {
        @inline(__always) get { Int32(truncatingIfNeeded: high) }
        @inline(__always) set { high = high & ~0xFFFF_FFFF | UInt64(UInt32(bitPattern: newValue)) }
    }

    var kind: UnitKind {
        @inline(__always) get { unsafeBitCast(UInt8(truncatingIfNeeded: high >> 32), to: UnitKind.self) }
        @inline(__always) set { high = high & ~(0xFF << 32) | UInt64(newValue.rawValue) << 32 }
    }

    /// Index into `Leet.alternatives`; 0 when the unit only stands for itself.
    var leet: UInt8 {
        @inline(__always) get { UInt8(truncatingIfNeeded: high >> 40) }
        @inline(__always) set { high = high & ~(0xFF << 40) | UInt64(newValue) << 40 }
    }

    /// In the word view, on a word's first unit: the index distance to its last unit, saturated
    /// at `UInt16.max` (then the end is found by scanning).
    var span: UInt16 {
        @inline(__always) get { UInt16(truncatingIfNeeded: high >> 48) }
        @inline(__always) set { high = high & 0x0000_FFFF_FFFF_FFFF | UInt64(newValue) << 48 }
    }
}

enum UnitKind: UInt8, Sendable {
    case letter      // any letter or mark (marks only survive with `diacritics` off)
    case digit       // ASCII 0-9
    case number      // other numbers: part of words, never leet
    case leetSymbol  // @ ! | $ + while `leet` is on: letters inside a lettered word, else punctuation
    case space       // white space; in the word view, the gap between two words
    case separator   // . - _ * and similar: may split single letters that `separators` joins
    case punct

    @inline(__always) var isWordish: Bool { rawValue <= UnitKind.leetSymbol.rawValue }

    /// The kind of a non-ASCII normalized scalar.
    @inline(__always) static func of(nonASCII scalar: UInt32, classes: ScalarClassTable) -> UnitKind {
        switch classes[scalar] {
        case .letter, .mark: .letter
        case .number: .number
        case .space: .space
        case .separator: .separator
        case .other: .punct
        }
    }
}

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

/// Per-ASCII-character tables for the hot loops, allocated once and never freed (so a pointer can
/// be taken once per text instead of touching a lazily initialized global per character).
final class AsciiTables: @unchecked Sendable {
    static let shared = AsciiTables()

    let kinds: UnsafeMutablePointer<UnitKind>
    let kindsWithLeet: UnsafeMutablePointer<UnitKind>
    let leetIndex: UnsafeMutablePointer<UInt8>
    /// 256 entries: whether a byte is an ASCII letter (false for every non-ASCII byte).
    let isLetter: UnsafeMutablePointer<Bool>

    private init() {
        kinds = .allocate(capacity: 128)
        kindsWithLeet = .allocate(capacity: 128)
        leetIndex = .allocate(capacity: 128)
        isLetter = .allocate(capacity: 256)
        isLetter.initialize(repeating: false, count: 256)
        for byte in 0..<UInt8(128) {
            isLetter[Int(byte)] = Self.kind(of: byte) == .letter
            let kind = Self.kind(of: byte)
            kindsWithLeet[Int(byte)] = kind
            kinds[Int(byte)] = kind == .leetSymbol ? .punct : kind
            leetIndex[Int(byte)] = Leet.index(ofASCII: byte)
        }
    }

    private static func kind(of byte: UInt8) -> UnitKind {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .digit
        case 0x09...0x0D, 0x20: .space
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "*"): .separator
        case UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: "$"), UInt8(ascii: "+"): .leetSymbol
        default: .punct
        }
    }
}
