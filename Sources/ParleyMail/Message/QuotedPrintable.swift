import Foundation

/// Quoted-printable (RFC 2045 6.7) for UTF-8 text parts: lines end in CRLF, no encoded line is
/// longer than 76 characters (soft breaks `=` CRLF), `=` and every byte that is not printable
/// ASCII is `=XX`, and so is white space at the end of a line.
public enum QuotedPrintable {
    public static func encode(_ text: String) -> String {
        var output = ""
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            var current = ""
            for (position, byte) in bytes.enumerated() {
                let last = position == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !last)
                let piece = literal ? String(UnicodeScalar(byte)) : "=" + hex(byte)
                // 75 characters and the soft break's "=" make 76.
                if current.utf8.count + piece.utf8.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                current += piece
            }
            output += current
            if index < lines.count - 1 { output += "\r\n" }
        }
        return output
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
