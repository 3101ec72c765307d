import Foundation
import HTTPTypes

/// A parameter of an operation: where it travels, whether it must, and its rule.
struct ParameterRule: Sendable {
    enum Location: String, Sendable { case path, query, header }

    var name: String
    var location: Location
    var required = false
    var rule: FieldRule
    var description: String?

    static func path(_ name: String, _ rule: FieldRule) -> ParameterRule {
        ParameterRule(name: name, location: .path, required: true, rule: rule)
    }

    static func query(_ name: String, _ rule: FieldRule, required: Bool = false, _ description: String? = nil) -> ParameterRule {
        ParameterRule(name: name, location: .query, required: required, rule: rule, description: description)
    }

    static func header(_ name: String, _ rule: FieldRule, required: Bool = false, _ description: String? = nil) -> ParameterRule {
        ParameterRule(name: name, location: .header, required: required, rule: rule, description: description)
    }

    var openAPI: [String: Any] {
        var parameter: [String: Any] = ["name": name, "in": location.rawValue, "schema": rule.schema]
        if required { parameter["required"] = true }
        if let description { parameter["description"] = description }
        return parameter
    }
}

/// A JSON request body: an object of fields, each a rule or a nested object. Unknown fields
/// are ignored (the document says nothing against them, and the server decodes past them).
indirect enum BodyRule: @unchecked Sendable {
    case field(FieldRule)
    case object(properties: [(String, BodyRule)], required: [String], nullable: Bool, description: String?)

    static func object(_ properties: [(String, BodyRule)], required: [String] = [], nullable: Bool = false,
                       description: String? = nil) -> BodyRule {
        .object(properties: properties, required: required, nullable: nullable, description: description)
    }

    var schema: [String: Any] {
        switch self {
        case .field(let rule):
            return rule.schema
        case .object(let properties, let required, let nullable, let description):
            var schema: [String: Any] = ["type": nullable ? ["object", "null"] : "object" as Any]
            schema["properties"] = Dictionary(uniqueKeysWithValues: properties.map { ($0.0, $0.1.schema) })
            if !required.isEmpty { schema["required"] = required }
            if let description { schema["description"] = description }
            return schema
        }
    }

    /// The first refusal in `value` (a parsed JSON body), or nil when it is acceptable.
    func refusal(of value: Any, at path: String = "") -> APIError? {
        switch self {
        case .field(let rule):
            guard rule.accepts(json: value) else { return rule.refusal(of: value as? String, field: path) }
            return nil
        case .object(let properties, let required, let nullable, _):
            if value is NSNull, nullable { return nil }
            guard let object = value as? [String: Any] else {
                return APIError(.badRequest, code: "malformed_json", path.isEmpty ? "The request body is not a JSON object."
                                                                                   : "\"\(path)\" in the request body is not an object.")
            }
            for name in required where object[name] == nil {
                let field = path.isEmpty ? name : "\(path).\(name)"
                return APIError(.badRequest, code: "malformed_json", "The request body lacks \"\(field)\".")
            }
            for (name, rule) in properties {
                guard let item = object[name] else { continue }
                if let refusal = rule.refusal(of: item, at: path.isEmpty ? name : "\(path).\(name)") { return refusal }
            }
            return nil
        }
    }
}

/// What one operation accepts: its parameters and, for JSON bodies, the body's rule.
struct OperationRules: Sendable {
    var parameters: [ParameterRule]
    var body: BodyRule?
    /// Whether the operation can be called without a body (then the body is not checked).
    var bodyRequired = true

    init(_ parameters: [ParameterRule] = [], body: BodyRule? = nil, bodyRequired: Bool = true) {
        self.parameters = parameters
        self.body = body
        self.bodyRequired = bodyRequired
    }
}
