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
