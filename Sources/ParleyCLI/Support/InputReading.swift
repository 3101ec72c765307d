import Foundation
import ParleyCore

enum InputReading {
    /// A body given as an argument, or `-` for standard input (which must be UTF-8).
    static func body(_ argument: String?) throws -> String {
        guard let argument else {
            throw ParleyError.invalid("Give the comment text as an argument, or - to read it from standard input.", code: "missing_body")
        }
        guard argument == "-" else { return argument }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return try TextRules.utf8(data, what: "The text on standard input")
    }

    /// Times as ISO 8601 (`2026-11-19`, `2026-11-19T06:40:00Z`, with an offset) or relative to
    /// now (`2h ago`, `now`).
    static func time(_ text: String, now: Date = Date()) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "now" { return now }
        if let match = trimmed.wholeMatch(of: /(\d+)\s*([smhd])\s+ago/), let amount = Double(match.1) {
            return now.addingTimeInterval(-amount * Duration.seconds(of: String(match.2)))
        }
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        for formatter in [full, fractional, dateOnly] {
            if let date = formatter.date(from: trimmed) { return date }
        }
        throw ParleyError.invalid("\"\(text)\" is not a time; use e.g. 2026-11-19T06:40:00Z, 2026-11-19 or \"3h ago\".", code: "invalid_time")
    }

    enum Duration {
        static func seconds(of unit: String) -> Double {
            switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            default: 86_400
            }
        }
    }
}
