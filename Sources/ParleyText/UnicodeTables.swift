/// The generated Unicode data (`UnicodeTableData`), parsed once on first use.
///
/// These are the per-step tables; `ScalarMap` composes them into one lookup per set of options.
struct UnicodeTables: Sendable {
    static let shared = UnicodeTables()

    let canonical: [UInt32: [UInt32]]
    let compat: [UInt32: [UInt32]]
    let fold: [UInt32: [UInt32]]
    let confusable: [UInt32: [UInt32]]
    let invisible: Set<UInt32>

    private init() {
        canonical = Self.parseMapping(UnicodeTableData.canonical)
        compat = Self.parseMapping(UnicodeTableData.compat)
        fold = Self.parseMapping(UnicodeTableData.fold)
        confusable = Self.parseMapping(UnicodeTableData.confusable)
        var invisible = Set<UInt32>()
        for (start, count) in Self.parsePairs(UnicodeTableData.invisible, separator: UInt8(ascii: "+")) {
            for scalar in start..<start + count { invisible.insert(scalar) }
        }
        self.invisible = invisible
    }

    /// "delta:out.out delta:out ..." (hex) into code point → output scalars.
    static func parseMapping(_ text: String) -> [UInt32: [UInt32]] {
        var result: [UInt32: [UInt32]] = [:]
        var scalar: UInt32 = 0
        for item in items(text) {
            let parts = item.split(separator: UInt8(ascii: ":"))
            scalar += hex(parts[0])
            result[scalar] = parts[1].split(separator: UInt8(ascii: ".")).map(hex)
        }
        return result
    }

    /// "start+count" or "class count" items; the class is the item's first digit when `separator` is nil.
    static func parsePairs(_ text: String, separator: UInt8?) -> [(UInt32, UInt32)] {
        items(text).map { item in
            if let separator {
                let parts = item.split(separator: separator)
                return (hex(parts[0]), hex(parts[1]))
            }
            return (UInt32(item[item.startIndex] - UInt8(ascii: "0")), hex(item.dropFirst()))
        }
    }

    private static func items(_ text: String) -> [ArraySlice<UInt8>] {
        Array(text.utf8).split(whereSeparator: { $0 == 0x20 || $0 == 0x0A })
    }

    private static func hex(_ digits: ArraySlice<UInt8>) -> UInt32 {
        var value: UInt32 = 0
        for digit in digits {
            let nibble = digit <= UInt8(ascii: "9") ? digit &- 48 : (digit | 0x20) &- 87
            value = value << 4 | UInt32(nibble)
        }
        return value
    }
}

/// What a code point is for tokenization, from the generated `classes` runs (one byte per code point).
enum ScalarClass: UInt8 {
    case other = 0, letter = 1, mark = 2, number = 3, space = 4
    /// Not in the generated data: dashes and dots that split spelled-out letters as `-` and `.` do.
    case separator = 5

    /// One byte per code point, U+0000…U+10FFFF; allocated once and never freed.
    static let table: ScalarClassTable = ScalarClassTable()
}

final class ScalarClassTable: @unchecked Sendable {
    let bytes: UnsafeMutableBufferPointer<UInt8>

    init() {
        bytes = .allocate(capacity: 0x110000)
        var position = 0
        for (kind, count) in UnicodeTables.parsePairs(UnicodeTableData.classes, separator: nil) {
            let end = min(position + Int(count), bytes.count)
            bytes[position..<end].initialize(repeating: UInt8(kind))
            position = end
        }
        if position < bytes.count { bytes[position...].initialize(repeating: 0) }
        for scalar in Self.separatorLike { bytes[Int(scalar)] = ScalarClass.separator.rawValue }
    }

    /// After NFKC most of these are ASCII already; they matter when width-and-compat is off.
    private static let separatorLike: [UInt32] = [
        0x00B7, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2022, 0x2027, 0x2219, 0x2212,
        0x22C5, 0x2E3A, 0x2E3B, 0x30FB, 0xFE58, 0xFE63, 0xFF0A, 0xFF0D, 0xFF0E, 0xFF3F, 0xFF65,
    ]

    @inline(__always) subscript(scalar: UInt32) -> ScalarClass {
        scalar < 0x110000 ? ScalarClass(rawValue: bytes[Int(scalar)]).unsafelyUnwrapped : .other
    }
}
