/// One tag of comment HTML, scanned over UTF-8 bytes the forgiving way browsers do: ASCII
/// lower-cased names, quoted or bare attribute values (entities decoded), comments and
/// declarations skipped. Markup is ASCII, so bytes never split a character that matters.
struct HTMLTag {
    enum Kind {
        case tag(HTMLTag)
        /// A comment, a declaration, a processing instruction, an unfinished tag: nothing to show.
        case skipped
    }

    var name: String
    var closing: Bool
    var attributes: [String: String]

    /// The token starting at `start` (a "<") and the index after it; nil when the "<" starts
    /// no tag (as in "a < b") and is text.
    static func scan(_ s: [UInt8], at start: Int) -> (kind: Kind, end: Int)? {
        var i = start + 1
        guard i < s.count else { return nil }
        if s[i] == UInt8(ascii: "!") || s[i] == UInt8(ascii: "?") {
            if s[i] == UInt8(ascii: "!"), s[i...].starts(with: "!--".utf8) {
                return (.skipped, find("-->", in: s, from: i + 3))
            }
            return (.skipped, find(">", in: s, from: i))
        }
        let closing = s[i] == UInt8(ascii: "/")
        if closing { i += 1 }
        guard i < s.count, isLetter(s[i]) else { return nil }
        let nameStart = i
        while i < s.count, !isSpace(s[i]), s[i] != UInt8(ascii: "/"), s[i] != UInt8(ascii: ">") { i += 1 }
        let name = lowercased(s[nameStart..<i])
        var attributes: [String: String] = [:]
        while i < s.count {
            if s[i] == UInt8(ascii: ">") { return (.tag(HTMLTag(name: name, closing: closing, attributes: attributes)), i + 1) }
            if isSpace(s[i]) || s[i] == UInt8(ascii: "/") {
                i += 1
                continue
            }
            let keyStart = i
            while i < s.count, !isSpace(s[i]), s[i] != UInt8(ascii: "="), s[i] != UInt8(ascii: ">"), s[i] != UInt8(ascii: "/") { i += 1 }
            let key = lowercased(s[keyStart..<i])
            while i < s.count, isSpace(s[i]) { i += 1 }
            var value: ArraySlice<UInt8> = []
            if i < s.count, s[i] == UInt8(ascii: "=") {
                i += 1
                while i < s.count, isSpace(s[i]) { i += 1 }
                if i < s.count, s[i] == UInt8(ascii: "\"") || s[i] == UInt8(ascii: "'") {
                    let quote = s[i]
                    let valueStart = i + 1
                    i = valueStart
                    while i < s.count, s[i] != quote { i += 1 }
                    value = s[valueStart..<min(i, s.count)]
                    i += 1
                } else {
                    let valueStart = i
                    while i < s.count, !isSpace(s[i]), s[i] != UInt8(ascii: ">") { i += 1 }
                    value = s[valueStart..<i]
                }
            }
            if !key.isEmpty, attributes[key] == nil {
                attributes[key] = HTMLEntities.decode(String(decoding: value, as: UTF8.self))
            }
        }
        return (.skipped, s.count)  // a tag cut off by the end is dropped, as browsers drop it
    }

    /// The index after `</name ...>` closing a script or style element (the end when missing).
    static func endOfRawText(_ s: [UInt8], from start: Int, name: String) -> Int {
        let closer = Array(("</" + name).utf8)
        var i = start
        while i + closer.count <= s.count {
            if s[i] == UInt8(ascii: "<"), s[i..<i + closer.count].elementsEqual(closer, by: { lower($0) == $1 }) {
                return find(">", in: s, from: i + closer.count)
            }
            i += 1
        }
        return s.count
    }

    private static func find(_ needle: String, in s: [UInt8], from start: Int) -> Int {
        let needle = Array(needle.utf8)
        var i = start
        while i + needle.count <= s.count {
            if s[i] == needle[0], s[i..<i + needle.count].elementsEqual(needle) { return i + needle.count }
            i += 1
        }
        return s.count
    }

    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes.map(lower), as: UTF8.self) }
    private static func lower(_ byte: UInt8) -> UInt8 { isLetter(byte) ? byte | 0x20 : byte }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == 0x0C
    }
}
