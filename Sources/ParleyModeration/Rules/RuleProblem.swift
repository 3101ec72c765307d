/// One thing wrong with a ruleset document, where it is.
public struct RuleProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, _ message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line:column: message`, as `parley rules check` prints it.
    public var description: String { "\(line):\(column): \(message)" }
}

/// A ruleset that cannot be used, with every problem found (not just the first).
public struct InvalidRuleset: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [RuleProblem]

    public init(_ problems: [RuleProblem]) {
        self.problems = problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
