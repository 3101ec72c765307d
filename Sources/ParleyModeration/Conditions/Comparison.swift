/// `{lt, lte, gt, gte, eq}` — every bound given must hold; a bare number means `eq`.
public struct Comparison: Sendable, Equatable {
    public var lessThan: Double?
    public var atMost: Double?
    public var greaterThan: Double?
    public var atLeast: Double?
    public var equal: Double?

    public init(lessThan: Double? = nil, atMost: Double? = nil, greaterThan: Double? = nil, atLeast: Double? = nil, equal: Double? = nil) {
        self.lessThan = lessThan
        self.atMost = atMost
        self.greaterThan = greaterThan
        self.atLeast = atLeast
        self.equal = equal
    }

    public func holds(_ value: Double) -> Bool {
        if let lessThan, !(value < lessThan) { return false }
        if let atMost, !(value <= atMost) { return false }
        if let greaterThan, !(value > greaterThan) { return false }
        if let atLeast, !(value >= atLeast) { return false }
        if let equal, value != equal { return false }
        return true
    }

    public func holds(_ value: Int) -> Bool { holds(Double(value)) }
}

/// `30s`, `10m`, `24h`, `7d`.
public enum DurationText {
    public static func seconds(_ text: String) -> Int? {
        guard let match = text.wholeMatch(of: /(\d{1,9})([smhd])/), let amount = Int(match.1) else { return nil }
        switch match.2 {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3600
        default: return amount * 86_400
        }
    }
}
