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
