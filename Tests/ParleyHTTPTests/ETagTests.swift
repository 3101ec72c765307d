import Testing
@testable import ParleyHTTP

/// The thread pages' ETag: the same bytes give the same tag; any change of one byte, or of
/// the length, gives another.
@Suite struct ETagTests {
    @Test func sameBytesSameTag() {
        let body = Array("{\"article\":{},\"comments\":[]}".utf8)
        #expect(ETag.of(body) == ETag.of(Array(body)))
        #expect(ETag.of(body).hasPrefix("\"") && ETag.of(body).hasSuffix("-\(body.count)\""))
    }

    @Test func everyOneByteChangeChangesTheTag() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...80 {
            let body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let tag = ETag.of(body)
            for position in 0..<length {
                for flip: UInt8 in [0x01, 0x80, 0xFF] {
                    var changed = body
                    changed[position] ^= flip
                    #expect(ETag.hash64Of(changed) != ETag.hash64Of(body), "length \(length), byte \(position)")
                }
            }
            #expect(ETag.of(body + [0]) != tag && ETag.hash64Of(body + [0]) != ETag.hash64Of(body))
        }
    }

    /// Pages that differ from one another in one byte (any position, several changes of it):
    /// this caught lanes that were combined by xor before each was mixed through.
    @Test(arguments: [4096, 4100, 33, 200_000])
    func noCollisionsAmongPagesOneByteApart(size: Int) {
        var generator = SystemRandomNumberGenerator()
        var seen = Set<UInt64>()
        var body = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let variants = min(40_000, size * 255)
        for index in 0..<variants {
            let position = index % size, flip = UInt8(index / size + 1)
            body[position] ^= flip
            seen.insert(ETag.hash64Of(body))
            body[position] ^= flip
        }
        #expect(seen.count == variants)
    }
}

extension ETag {
    static func hash64Of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hash64($0) }
    }
}
