import Foundation

/// JSON written straight into bytes, member by member, with no `Codable` tree in between:
/// the hot API responses (thread pages, counts, the queue, the post answer) and every export
/// format go through it. The caller writes members in the order the output needs (the API's
/// responses: keys sorted by their UTF-8 bytes, as `JSONEncoder`'s `.sortedKeys` does).
public struct JSONWriter: Sendable {
    /// How strings are escaped.
    public enum Escaping: Sendable {
        /// Byte for byte what Foundation's `JSONEncoder` writes with `.withoutEscapingSlashes`:
        /// `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as `\u00xx`;
        /// everything else (DEL, U+2028, U+2029, all non-ASCII) as its UTF-8.
        case foundation
        /// The export formats': `\"`, `\\`, `\n`, `\r`, `\t`, other control characters and DEL
        /// as `\u00xx`, and U+2028 and U+2029 escaped too (JavaScript and some viewers choke on them).
        case separators
    }

    public var bytes: [UInt8]
    public let escaping: Escaping

    public init(escaping: Escaping = .foundation, capacity: Int = 0) {
        self.escaping = escaping
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Raw bytes (no escaping)

    @inlinable public mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    @inlinable public mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text copied as it is: the caller knows it needs no escaping (or is already JSON).
    @inlinable public mutating func append(raw text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func append(integer: Int64) {
        if integer < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = integer.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    @inlinable public mutating func append(integer: Int) {
        append(integer: Int64(integer))
    }

    // MARK: Values

    /// `"name":`, with a leading comma unless it is the object's first member. The name is
    /// written as it is: a literal needs no escaping.
    @inlinable public mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        append(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A member whose name is data (a dictionary's key): escaped like any string.
    public mutating func key(_ name: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    @inlinable public mutating func null() {
        append("null")
    }

    @inlinable public mutating func bool(_ value: Bool) {
        if value { append("true") } else { append("false") }
    }

    @inlinable public mutating func integer(_ value: Int) {
        append(integer: Int64(value))
    }

    @inlinable public mutating func integer(_ value: Int64?) {
        if let value { append(integer: value) } else { null() }
    }

    public mutating func string(_ text: String?) {
        if let text { string(text) } else { null() }
    }

    /// An API time: RFC 3339 in UTC, milliseconds only when it has them (`ParleyJSON.rfc3339`).
    public mutating func time(_ date: Date?) {
        guard let date else { return null() }
        bytes.append(UInt8(ascii: "\""))
        UTCTime(date, fractionDigits: 3).write(into: &bytes, omitZeroFraction: true)
        bytes.append(UInt8(ascii: "\""))
    }
}
