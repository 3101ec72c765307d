import Foundation

/// JSON written straight into the output buffer: exports stream millions of rows, and a
/// `JSONEncoder` per row would cost more than reading them from PostgreSQL.
extension OutputBuffer {
    /// A JSON string literal: quotes, backslashes and control characters escaped, and the
    /// line and paragraph separators too (JavaScript and some viewers choke on them raw).
    mutating func appendJSON(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                case 0x00..<0x20, 0x7F:
                    append("\\u00")
                    append(Self.hexDigits[Int(byte >> 4)])
                    append(Self.hexDigits[Int(byte & 0x0F)])
                case 0xE2 where index + 2 < count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    append(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    index += 2
                default:
                    append(byte)
                }
                index += 1
            }
        }
        append(UInt8(ascii: "\""))
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func appendJSON(_ text: String?) {
        if let text { appendJSON(text) } else { append("null") }
    }

    mutating func appendJSON(_ date: Date?) {
        guard let date else {
            append("null")
            return
        }
        append(UInt8(ascii: "\""))
        Timestamp.append(date, to: &self)
        append(UInt8(ascii: "\""))
    }

    mutating func appendJSON(_ number: Int64?) {
        if let number { append(integer: number) } else { append("null") }
    }

    mutating func appendJSON(_ value: Bool) {
        append(value ? "true" : "false")
    }

    mutating func appendJSON(_ values: [String]) {
        append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { append(UInt8(ascii: ",")) }
            appendJSON(value)
        }
        append(UInt8(ascii: "]"))
    }

    /// `"name":` with a leading comma unless it is the object's first member.
    mutating func appendKey(_ name: StaticString, first: Bool = false) {
        if !first { append(UInt8(ascii: ",")) }
        append(UInt8(ascii: "\""))
        append(name)
        append("\":")
    }
}
