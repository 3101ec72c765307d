import Foundation
import ParleyTestSupport
import Testing
@testable import ParleyCore

/// The exports now write strings through `JSONWriter(escaping: .separators)`; their bytes
/// must stay those of the export's own escaper it replaced (kept here as the reference).
@Suite struct JSONWriterExportEscapingTests {
    /// The export's escaper before the shared writer (OutputBuffer.appendJSON), verbatim in effect.
    static func reference(_ text: String) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x00..<0x20, 0x7F: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                out += Array((utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default: out.append(byte)
            }
            index += 1
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var json = JSONWriter(escaping: .separators)
        json.string(text)
        let difference = JSONFuzz.difference(json.bytes, expected: Self.reference(text))
        #expect(difference == nil, "\(text.debugDescription): \(difference ?? "")", sourceLocation: sourceLocation)
    }

    @Test func everyASCIICharacterAndEveryScalar() {
        for byte in UInt8(0)...0x7F { expectSame("x" + String(UnicodeScalar(byte)) + "y") }
        for block in stride(from: 0, through: 0x10FFFF, by: 256) {
            var text = ""
            for value in block..<(block + 256) {
                if let scalar = Unicode.Scalar(UInt32(value)) { text.unicodeScalars.append(scalar) }
            }
            expectSame(text)
        }
    }

    @Test func generatedStrings() {
        for piece in JSONFuzz.pieces { expectSame(piece) }
        var fuzz = JSONFuzz(seed: 700)
        for _ in 0..<3000 { expectSame(fuzz.string(maximum: 40)) }
    }
}
