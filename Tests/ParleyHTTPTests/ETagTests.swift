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

    @Test func noCollisionsAmongManyPages() {
        var generator = SystemRandomNumberGenerator()
        var seen = Set<UInt64>()
        let page = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for index in 0..<20_000 {
            var body = page
            body[index % page.count] ^= UInt8(truncatingIfNeeded: index / page.count + 1)
            seen.insert(ETag.hash64Of(body))
        }
        #expect(seen.count == 20_000)
    }
}

extension ETag {
    static func hash64Of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hash64($0) }
    }
}
