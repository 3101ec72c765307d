import Foundation
import Testing
@testable import ParleyMail

@Suite struct QuotedPrintableTests {
    /// Decodes quoted-printable (RFC 2045 6.7) back to text.
    static func decode(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        let lines = encoded.components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            var utf8 = Array(line.utf8)
            let soft = utf8.last == UInt8(ascii: "=")
            if soft { utf8.removeLast() }
            var position = 0
            while position < utf8.count {
                if utf8[position] == UInt8(ascii: "="), position + 2 < utf8.count + 0, let byte = UInt8(String(decoding: utf8[(position + 1)...(position + 2)], as: UTF8.self), radix: 16) {
                    bytes.append(byte)
                    position += 3
                } else {
                    bytes.append(utf8[position])
                    position += 1
                }
            }
            if !soft, index < lines.count - 1 { bytes += [13, 10] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func textRoundTripsWithShortLinesAndNoTrailingWhiteSpace() {
        let samples = [
            "Hello, world.",
            "Дякую за статтю! Олена Коваленко пише: «так» — і 🇺🇦.\nSecond line with = signs == and trailing space \nand tab\t",
            String(repeating: "ї", count: 300),
            String(repeating: "a", count: 200) + " " + String(repeating: "=", count: 100),
            "\n\nblank lines\n\n",
            ".leading dot\nFrom the start",
        ]
        for sample in samples {
            let encoded = QuotedPrintable.encode(sample)
            for line in encoded.components(separatedBy: "\r\n") {
                #expect(line.utf8.count <= 76, "\(line)")
                #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
                #expect(line.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && $0.value < 127 })
            }
            #expect(Self.decode(encoded) == sample.replacingOccurrences(of: "\n", with: "\r\n"))
            #expect(!encoded.contains("=_"))
        }
    }
}
