import Foundation

/// A moment split into UTC calendar fields and a decimal fraction of a second, for the
/// hand-written RFC 3339 writers (the formatter styles cost more than the JSON around them).
public struct UTCTime: Sendable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    /// The fraction of the second in units of 10^-`fractionDigits` seconds.
    public var fraction: Int
    public let fractionDigits: Int

    /// `fractionDigits` 3 truncates to milliseconds; 6 rounds to microseconds, PostgreSQL's precision.
    public init(_ date: Date, fractionDigits: Int) {
        let scale = fractionDigits == 3 ? 1_000 : 1_000_000
        let scaled = date.timeIntervalSince1970 * Double(scale)
        let ticks = Int64(fractionDigits == 3 ? scaled.rounded(.down) : scaled.rounded())
        var seconds = ticks / Int64(scale)
        var fraction = ticks % Int64(scale)
        if fraction < 0 {
            fraction += Int64(scale)
            seconds -= 1
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
        hour = Int(parts.tm_hour)
        minute = Int(parts.tm_min)
        second = Int(parts.tm_sec)
        self.fraction = Int(fraction)
        self.fractionDigits = fractionDigits
    }

    /// `YYYY-MM-DDTHH:MM:SS`, then `.` and the fraction unless `omitZeroFraction` and it is 0, then `Z`.
    public func write(into out: inout [UInt8], omitZeroFraction: Bool = false) {
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); out.append(UInt8(ascii: "-"))
        digits(month, 2); out.append(UInt8(ascii: "-"))
        digits(day, 2); out.append(UInt8(ascii: "T"))
        digits(hour, 2); out.append(UInt8(ascii: ":"))
        digits(minute, 2); out.append(UInt8(ascii: ":"))
        digits(second, 2)
        if !(omitZeroFraction && fraction == 0) {
            out.append(UInt8(ascii: "."))
            digits(fraction, fractionDigits)
        }
        out.append(UInt8(ascii: "Z"))
    }

    public func string(omitZeroFraction: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(27)
        write(into: &out, omitZeroFraction: omitZeroFraction)
        return String(decoding: out, as: UTF8.self)
    }
}
