import Foundation
import ParleyCore

/// JSON written straight into the output buffer through the shared `JSONWriter`: exports
/// stream millions of rows, and a `JSONEncoder` per row would cost more than reading them
/// from PostgreSQL. Export times keep microseconds (`Timestamp`), unlike the API's.
extension OutputBuffer {
    /// A JSON string literal: quotes, backslashes and control characters escaped, and the
    /// line and paragraph separators too (JavaScript and some viewers choke on them raw).
    mutating func appendJSON(_ text: String) {
        json.string(text)
    }

    mutating func appendJSON(_ text: String?) {
        json.string(text)
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
        json.integer(number)
    }

    mutating func appendJSON(_ value: Bool) {
        json.bool(value)
    }

    mutating func appendJSON(_ values: [String]) {
        json.strings(values)
    }

    /// `"name":` with a leading comma unless it is the object's first member.
    mutating func appendKey(_ name: StaticString, first: Bool = false) {
        json.key(name, first: first)
    }
}
