import Foundation
import ParleyTestSupport
import Testing
@testable import ParleyCore

/// `JSONWriter` must write what `ParleyJSON.encoder()` (Foundation's `JSONEncoder`) writes for
/// the hot responses' views, byte for byte: proven here over generated inputs, not assumed.
@Suite struct JSONWriterEqualityTests {
    static let encoder = ParleyJSON.encoder()

    /// A string alone (as a one-member array: JSONEncoder writes top-level fragments too, but
    /// the array keeps this about strings inside documents).
    func expectSameString(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var json = JSONWriter()
        json.strings([text])
        let expected = Array(try Self.encoder.encode([text]))
        let difference = JSONFuzz.difference(json.bytes, expected: expected)
        #expect(difference == nil, "\(text.debugDescription): \(difference ?? "")", sourceLocation: sourceLocation)
    }

    @Test func everyASCIICharacterEscapesLikeJSONEncoder() throws {
        for byte in UInt8(0)...0x7F {
            try expectSameString(String(UnicodeScalar(byte)))
            try expectSameString("a" + String(UnicodeScalar(byte)) + "b")
        }
    }

    @Test func everyUnicodeScalarIsWrittenLikeJSONEncoder() throws {
        // Every scalar, in strings of 256 neighbours (surrogate code points are not scalars).
        for block in stride(from: 0, through: 0x10FFFF, by: 256) {
            var text = ""
            for value in block..<(block + 256) {
                if let scalar = Unicode.Scalar(UInt32(value)) { text.unicodeScalars.append(scalar) }
            }
            try expectSameString(text)
        }
    }

    @Test func trickyPiecesAndGeneratedStrings() throws {
        for piece in JSONFuzz.pieces {
            try expectSameString(piece)
        }
        var fuzz = JSONFuzz(seed: 1)
        for _ in 0..<3000 {
            try expectSameString(fuzz.string(maximum: 40))
        }
    }

    @Test(arguments: 0..<8)
    func commentTrees(seed: UInt64) {
        var fuzz = JSONFuzz(seed: 100 + seed)
        for _ in 0..<150 {
            let view = fuzz.comment()
            let difference = JSONFuzz.difference(view)
            #expect(difference == nil, "\(difference ?? "")")
            if difference != nil { return }
        }
    }

    @Test(arguments: 0..<4)
    func threadPages(seed: UInt64) {
        var fuzz = JSONFuzz(seed: 200 + seed)
        for _ in 0..<100 {
            let difference = JSONFuzz.difference(fuzz.threadPage())
            #expect(difference == nil, "\(difference ?? "")")
            if difference != nil { return }
        }
    }

    @Test(arguments: 0..<4)
    func queuePages(seed: UInt64) {
        var fuzz = JSONFuzz(seed: 300 + seed)
        for _ in 0..<150 {
            let difference = JSONFuzz.difference(fuzz.queuePage())
            #expect(difference == nil, "\(difference ?? "")")
            if difference != nil { return }
        }
    }

    @Test func countsAreSortedLikeJSONEncoder() throws {
        var fuzz = JSONFuzz(seed: 400)
        for _ in 0..<1000 {
            let counts = fuzz.counts()
            var json = JSONWriter()
            json.object(counts)
            let difference = JSONFuzz.difference(json.bytes, expected: Array(try Self.encoder.encode(counts)))
            #expect(difference == nil, "\(difference ?? "")")
            if difference != nil { return }
        }
    }

    @Test func timesMatchRFC3339Strings() {
        var fuzz = JSONFuzz(seed: 500)
        for _ in 0..<2000 {
            let date = fuzz.date()
            var json = JSONWriter()
            json.time(date)
            #expect(String(decoding: json.bytes, as: UTF8.self) == "\"" + ParleyJSON.rfc3339(date) + "\"")
        }
    }

    @Test func integersAtTheirLimits() throws {
        for value in [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int.max - 1, Int.min + 1, 1_000_000_007] {
            var json = JSONWriter()
            json.integers([value])
            #expect(JSONFuzz.difference(json.bytes, expected: Array(try Self.encoder.encode([value]))) == nil)
        }
    }
}
