import Foundation
import ParleyCore

extension JSONFuzz {
    static let encoder = ParleyJSON.encoder()

    /// nil when `JSONWriter` writes exactly the bytes `ParleyJSON.encoder()` writes for
    /// `value`; otherwise where they part, with some context from both.
    public static func difference(_ value: some Encodable & JSONWritable) -> String? {
        let expected: [UInt8]
        do {
            expected = Array(try encoder.encode(value))
        } catch {
            return "JSONEncoder failed: \(error)"
        }
        return difference(value.jsonBytes(capacity: 0), expected: expected)
    }

    public static func difference(_ written: [UInt8], expected: [UInt8]) -> String? {
        guard written != expected else { return nil }
        let index = (0..<min(written.count, expected.count)).first { written[$0] != expected[$0] } ?? min(written.count, expected.count)
        func around(_ bytes: [UInt8]) -> String {
            let start = max(0, index - 40), end = min(bytes.count, index + 40)
            return String(decoding: bytes[start..<end], as: UTF8.self).debugDescription
        }
        return "bytes differ at \(index) of \(written.count) written / \(expected.count) expected:\n"
            + "  writer:      \(around(written))\n  JSONEncoder: \(around(expected))"
    }
}
