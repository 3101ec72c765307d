/// A position in PostgreSQL's write-ahead log (an LSN, written `16/B374D848`): how far a write
/// reached on the primary, or how far a standby has replayed.
public struct ReadPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) {
        self.value = value
    }

    /// PostgreSQL's text form: two hexadecimal numbers of up to 8 digits around a slash.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy(\.isHexDigit) }),
              let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16)
        else { return nil }
        value = high << 32 | low
    }

    public var description: String {
        String(value >> 32, radix: 16, uppercase: true) + "/" + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }

    public static func < (lhs: ReadPosition, rhs: ReadPosition) -> Bool { lhs.value < rhs.value }

    /// The position a read must see (`X-Parley-After`), set for the task serving the request.
    @TaskLocal public static var required: ReadPosition?
}
