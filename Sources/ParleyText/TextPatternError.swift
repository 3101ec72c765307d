/// A word-list or phrase entry that cannot be matched.
public struct TextPatternError: Error, Sendable, Equatable, CustomStringConvertible {
    public var entry: String
    public var message: String

    public init(entry: String, message: String) {
        self.entry = entry
        self.message = message
    }

    public var description: String { "\"\(entry)\": \(message)" }
}
