import Foundation
import HTTPTypes
import ParleyCore

/// One value the API accepts (a parameter, or a field of a JSON body) as one JSON Schema
/// fragment: the OpenAPI document shows `schema`, and RequestRulesMiddleware refuses what
/// `refusal(of:)` refuses. Lengths count Unicode scalars, as JSON Schema's do. Patterns are
/// ECMA-262, kept to what Swift's Regex (on scalars) reads the same way: classes, `\uHHHH`,
/// anchors, counted repeats; no class range may end on a character that normalizes to another
/// (Swift refuses `\u2000-\u200A`, so such characters are listed one by one).
struct FieldRule: @unchecked Sendable {
    enum Kind: String, Sendable { case string, integer, boolean }

    var kind: Kind
    var nullable = false
    var minLength: Int?
    var maxLength: Int?
    var pattern: String?
    var values: [String]?
    var integers: [Int64]?
    var minimum: Int64?
    var maximum: Int64?
    /// Annotations only (description, default, examples, format): they constrain nothing.
    var annotations: [String: Any] = [:]
    /// The error of a refused value: a status (400 unless said), a stable code, a message.
    var status: HTTPResponse.Status = .badRequest
    var code: String
    var message: String
    /// Where the core has its own, more specific words for a value (TextRules), they are used.
    var explain: (@Sendable (String) throws -> Void)?
    private var regex: Regex<AnyRegexOutput>?

    init(_ kind: Kind, nullable: Bool = false, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
         values: [String]? = nil, integers: [Int64]? = nil, minimum: Int64? = nil, maximum: Int64? = nil,
         annotations: [String: Any] = [:], status: HTTPResponse.Status = .badRequest, code: String, message: String,
         explain: (@Sendable (String) throws -> Void)? = nil) {
        self.kind = kind
        self.nullable = nullable
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.values = values
        self.integers = integers
        self.minimum = minimum
        self.maximum = maximum
        self.annotations = annotations
        self.status = status
        self.code = code
        self.message = message
        self.explain = explain
        // A pattern Swift cannot read is a programming error, found by the first test that loads the rules.
        regex = pattern.map { try! Regex($0).matchingSemantics(.unicodeScalar) }
    }

    /// The JSON Schema of the value.
    var schema: [String: Any] {
        var schema = annotations
        schema["type"] = nullable ? [kind.rawValue, "null"] : kind.rawValue as Any
        if let minLength { schema["minLength"] = minLength }
        if let maxLength { schema["maxLength"] = maxLength }
        if let pattern { schema["pattern"] = pattern }
        if let values { schema["enum"] = nullable ? values + [NSNull()] as [Any] : values }
        if let integers { schema["enum"] = integers.map { NSNumber(value: $0) } }
        if let minimum { schema["minimum"] = NSNumber(value: minimum) }
        if let maximum { schema["maximum"] = NSNumber(value: maximum) }
        return schema
    }

    func with(_ change: (inout FieldRule) -> Void) -> FieldRule {
        var copy = self
        change(&copy)
        return copy
    }

    /// Whether a string value as it came in (a path, query or header value) is acceptable.
    func accepts(text: String) -> Bool {
        switch kind {
        case .string: return acceptsString(text)
        case .integer: return Int64(text).map(acceptsInteger) ?? false
        case .boolean: return text == "true" || text == "false"
        }
    }

    /// Whether a value of a parsed JSON body is acceptable (type included).
    func accepts(json value: Any) -> Bool {
        if value is NSNull { return nullable }
        switch kind {
        case .string: return (value as? String).map(acceptsString) ?? false
        case .integer: return JSONValueKind.integer(value).map(acceptsInteger) ?? false
        case .boolean: return JSONValueKind.isBoolean(value)
        }
    }

    private func acceptsString(_ text: String) -> Bool {
        let length = text.unicodeScalars.count
        if let minLength, length < minLength { return false }
        if let maxLength, length > maxLength { return false }
        if let values, !values.contains(text) { return false }
        if let regex, (try? regex.firstMatch(in: text)) == nil { return false }
        return true
    }

    private func acceptsInteger(_ number: Int64) -> Bool {
        if let integers, !integers.contains(number) { return false }
        if let minimum, number < minimum { return false }
        if let maximum, number > maximum { return false }
        return true
    }

    /// The answer to a refused value, named `field` in the message.
    func refusal(of text: String?, field: String) -> APIError {
        if let text, let explain {
            do { try explain(text) } catch { return APIError.from(error) }
        }
        return APIError(status, code: code, "\(field) \(message)", details: ["field": field])
    }
}

/// What JSONSerialization's values are, without mistaking true for 1.
enum JSONValueKind {
    static func isBoolean(_ value: Any) -> Bool {
        // JSONSerialization gives true and false as NSNumbers of type "c" (char).
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func integer(_ value: Any) -> Int64? {
        guard let number = value as? NSNumber, !isBoolean(value) else { return nil }
        if let exact = Int64(exactly: number.doubleValue), number.int64Value == exact { return exact }
        // Beyond 2^53 a double is not exact; a whole number that fits Int64 still reads exactly as one.
        let text = number.stringValue
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? nil : Int64(text)
    }
}
