import Foundation
import ParleyCore

/// A Swift value sent to PostgreSQL as a bound parameter, in PostgreSQL's text format.
///
/// Parameters always travel separately from the SQL text (PQexecParams), never spliced in.
public protocol PostgresBindable: Sendable {
    var postgresText: String { get }
}

extension String: PostgresBindable {
    public var postgresText: String { self }
}

extension Substring: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Int: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Int64: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Int32: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Bool: PostgresBindable {
    public var postgresText: String { self ? "t" : "f" }
}

extension Double: PostgresBindable {
    public var postgresText: String { String(self) }
}

extension Date: PostgresBindable {
    /// ISO 8601 in UTC with microseconds, which PostgreSQL reads whatever its DateStyle.
    public var postgresText: String { PostgresTime.iso8601(self) }
}

extension Array: PostgresBindable where Element: PostgresBindable {
    /// An array literal: `{"a","b \"quoted\""}`; every element quoted and escaped.
    public var postgresText: String { NullableArray(self).postgresText }
}

/// A one-dimensional array whose elements may be NULL: `{"a",NULL}`.
public struct NullableArray<Element: PostgresBindable>: PostgresBindable {
    public var elements: [Element?]

    public init(_ elements: [Element?]) {
        self.elements = elements
    }

    public var postgresText: String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let element else {
                text += "NULL"
                continue
            }
            text += "\""
            for character in element.postgresText.unicodeScalars {
                if character == "\"" || character == "\\" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}

/// Conversions between `Date` and PostgreSQL's microsecond timestamps.
public enum PostgresTime {
    /// Seconds from 1970-01-01 to 2000-01-01, PostgreSQL's binary epoch.
    static let epochOffset: Double = 946_684_800

    public static func date(fromPostgresMicroseconds micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000 + epochOffset)
    }

    public static func microsecondsSince1970(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public static func iso8601(_ date: Date) -> String {
        UTCTime(date, fractionDigits: 6).string()
    }
}
