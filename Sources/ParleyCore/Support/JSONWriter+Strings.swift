/// String literals: runs of bytes that need no escape are copied at once, so the cost of a
/// comment body is close to a `memcpy` of its UTF-8.
extension JSONWriter {
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        let separators = escaping == .separators
        text.withUTF8 { utf8 in
            let count = utf8.count
            var mark = 0
            var index = 0
            let base = utf8.baseAddress
            while index < count {
                // Eight bytes at a time while none of them needs a look (most of a comment).
                if let base {
                    while index + 8 <= count, !Self.mayNeedEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self),
                                                                   separators: separators) {
                        index += 8
                    }
                    if index >= count { break }
                }
                let byte = utf8[index]
                if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                    guard separators, byte == 0x7F || (byte == 0xE2 && Self.isSeparator(utf8, at: index)) else {
                        index += 1
                        continue
                    }
                }
                if index > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<index])) }
                index += escape(utf8, at: index)
                mark = index
            }
            if count > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes in `word` is a control character, `"` or `\\` (and, for
    /// `separators`, DEL or 0xE2, the lead byte of U+2028 and U+2029). Exact, no false negatives:
    /// the classic "has zero byte" test, `(v - 0x01…) & ~v & 0x80…`, on `word` XOR each value.
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64, separators: Bool) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        var found = ((word &- ones &* 0x20) & ~word & highs)  // a byte below 0x20
            | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C))
        if separators { found |= hasZero(word ^ (ones &* 0x7F)) | hasZero(word ^ (ones &* 0xE2)) }
        return found != 0
    }

    /// U+2028 or U+2029 (`E2 80 A8`, `E2 80 A9`) starts at `index`.
    @inline(__always)
    static func isSeparator(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9)
    }

    /// Writes the escape of the character at `index`; returns how many bytes it stood for.
    private mutating func escape(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = utf8[index]
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x08 where escaping == .foundation: append("\\b")
        case 0x0C where escaping == .foundation: append("\\f")
        case 0xE2:
            append(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
            return 3
        default:
            append("\\u00")
            bytes.append(Self.hexDigit(byte >> 4))
            bytes.append(Self.hexDigit(byte & 0x0F))
        }
        return 1
    }

    @inline(__always)
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &+ (value &- 10)
    }

    public mutating func strings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func integers(_ values: [Int]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(integer: Int64(value))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An object of numbers whose names are data (`GET /api/counts`), its members sorted by
    /// the names' UTF-8 bytes, as `JSONEncoder`'s `.sortedKeys` sorts them on Linux.
    public mutating func object(_ members: [String: Int]) {
        bytes.append(UInt8(ascii: "{"))
        let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (index, member) in sorted.enumerated() {
            key(member.key, first: index == 0)
            append(integer: Int64(member.value))
        }
        bytes.append(UInt8(ascii: "}"))
    }
}
