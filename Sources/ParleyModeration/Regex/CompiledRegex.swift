import CRE2

/// One regular expression, compiled by RE2.
///
/// RE2 never backtracks: matching takes time linear in the text's length, whatever the
/// pattern, so no comment can stall the engine. Constructs that need backtracking
/// (backreferences, lookaround) cannot be bounded and are refused when compiling.
public final class CompiledRegex: @unchecked Sendable {
    public let pattern: String
    private let handle: OpaquePointer

    /// Memory RE2 may use per pattern for its automata; beyond it RE2 falls back to a slower,
    /// still linear, matcher.
    public static let maximumMemory: Int64 = 8 << 20

    public init(_ pattern: String, caseInsensitive: Bool = true) throws(RegexError) {
        self.pattern = pattern
        var error = [CChar](repeating: 0, count: 512)
        var utf8 = Array(pattern.utf8)
        let compiled = utf8.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                parley_re2_new(chars.baseAddress, chars.count, caseInsensitive ? 1 : 0, Self.maximumMemory, &error, error.count)
            }
        }
        guard let compiled else {
            throw RegexError(pattern: pattern, message: RegexError.explain(String(cString: error)))
        }
        handle = compiled
    }

    deinit {
        parley_re2_free(handle)
    }

    /// The first match as a UTF-8 byte range of `text`.
    public func firstMatch(in text: String, from start: Int = 0) -> Range<Int>? {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                var lower = 0, upper = 0
                guard parley_re2_find_from(handle, chars.baseAddress, chars.count, start, &lower, &upper) == 1 else { return nil }
                return lower..<upper
            }
        }
    }

    /// Every non-overlapping match, left to right.
    public func allMatches(in text: String) -> [Range<Int>] {
        var matches: [Range<Int>] = []
        var position = 0
        let length = text.utf8.count
        while position <= length, let match = firstMatch(in: text, from: position) {
            matches.append(match)
            position = match.isEmpty ? match.upperBound + 1 : match.upperBound
        }
        return matches
    }
}

public struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pattern: String
    public var message: String

    public var description: String { "bad regex '\(pattern)': \(message)" }

    /// RE2's wording, with the reason spelled out for constructs it refuses on purpose.
    static func explain(_ message: String) -> String {
        if message.contains("invalid escape sequence: \\1") || message.contains("invalid escape sequence: \\2")
            || message.contains("invalid perl operator: (?=") || message.contains("invalid perl operator: (?!")
            || message.contains("invalid perl operator: (?<") {
            return message + " (backreferences and lookaround need backtracking, which could stall the service; parley refuses them)"
        }
        return message
    }
}
