import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ParleyCore
@testable import ParleyHTTP

/// The document and the server from one source: every parameter rule of APIConstraints is in
/// /openapi.json as its schema and refused by the server when broken; a method a path lacks
/// answers 405 with Allow.
@Suite struct ContractTests {
    /// A value the rule refuses, from a few that break most rules.
    static func breaking(_ rule: FieldRule, inPath: Bool) -> String? {
        var candidates = (inPath ? [] : [""]) + [" ", "\u{0}", "x y", "zz-not-listed"]
        if let maximum = rule.maximum, maximum < Int64.max { candidates.append(String(maximum + 1)) }
        if let minimum = rule.minimum { candidates.append(String(minimum - 1)) }
        if let maxLength = rule.maxLength { candidates.append(String(repeating: "a", count: maxLength + 1)) }
        return candidates.first { !rule.accepts(text: $0) }
    }

    static func canonical(_ schema: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: schema, options: [.sortedKeys]), as: UTF8.self)
    }

    static func uri(_ operation: String, replacing parameter: ParameterRule, with value: String) -> (HTTPRequest.Method, String) {
        let parts = operation.split(separator: " ").map(String.init)
        let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
        let defaults = ["{key}": "story", "{id}": "1", "{name}": "Ann"]
        let path = parts[1].split(separator: "/", omittingEmptySubsequences: false).map { segment in
            parameter.location == .path && segment == "{\(parameter.name)}" ? encoded : defaults[String(segment)] ?? String(segment)
        }.joined(separator: "/")
        var query = parts[1] == "/api/counts" && parameter.name != "articles" ? "articles=story" : ""
        if parameter.location == .query { query = "\(parameter.name)=\(encoded)" }
        return (HTTPRequest.Method(parts[0])!, query.isEmpty ? path : "\(path)?\(query)")
    }

    @Test func everyParameterRuleIsDocumentedAndEnforced() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let constraints = APIConstraints(settings: harness.services.settings)
        try await harness.application.test(.router) { client in
            let document = try #require(try await client.execute(uri: "/openapi.json", method: .get).json as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var refused = 0
            for (operation, rules) in constraints.operations {
                let parts = operation.split(separator: " ").map(String.init)
                let documented = (paths[parts[1]]?[parts[0].lowercased()] as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
                for parameter in rules.parameters {
                    let entry = documented.first { $0["name"] as? String == parameter.name && $0["in"] as? String == parameter.location.rawValue }
                    let schema = try #require(entry?["schema"] as? [String: Any], "\(operation) does not document \(parameter.name)")
                    #expect(try Self.canonical(schema) == Self.canonical(parameter.rule.schema), "\(operation) \(parameter.name)")
                    guard parameter.location != .header, let value = Self.breaking(parameter.rule, inPath: parameter.location == .path) else { continue }
                    let (method, uri) = Self.uri(operation, replacing: parameter, with: value)
                    var headers = HTTPFields.bearer(harness.adminToken)
                    headers[HTTPField.Name("X-Edit-Token")!] = "token"
                    let response = try await client.execute(uri: uri, method: method, headers: headers)
                    #expect(response.status == .badRequest && response.errorCode == parameter.rule.code, "\(method) \(uri): \(response.status) \(response.text)")
                    refused += 1
                }
            }
            #expect(refused >= 25)
        }
    }

    @Test func bodyRulesAreDocumentedAndEnforced() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let document = try #require(try await client.execute(uri: "/openapi.json", method: .get).json as? [String: Any])
            let post = ((document["paths"] as? [String: Any])?["/api/articles/{key}/comments"] as? [String: Any])?["post"] as? [String: Any]
            let schema = (((post?["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
            let properties = schema?["properties"] as? [String: [String: Any]]
            #expect(properties?["body"]?["maxLength"] as? Int == 10_000 && properties?["body"]?["minLength"] as? Int == 1)
            #expect((properties?["author"]?["properties"] as? [String: [String: Any]])?["name"]?["pattern"] as? String
                    == APIConstraints.personName("author").pattern)
            for (body, code) in [(["author": ["name": "  "], "body": "Hi"], "invalid_name"), (["author": ["name": "Ann"], "body": " \u{3000}"], "empty_body"),
                                 (["author": ["name": "Ann", "email": "ann@"], "body": "Hi"], "invalid_email"),
                                 (["author": ["name": "Ann"], "body": "Hi", "parent_id": 0], "invalid_parent")] as [([String: Any], String)] {
                let response = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json, body: Body.json(body))
                #expect(response.status == .badRequest && response.errorCode == code, "\(body): \(response.text)")
            }
            let anonymous = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json, body: Body.json(["body": "Hi"]))
            #expect(anonymous.status == .unauthorized && anonymous.errorCode == "author_required")
        }
    }

    @Test func unknownMethodsOnKnownPathsAre405WithAllow() async throws {
        let harness = try await Harness.make { $0.corsOrigins = ["https://news.example"] }
        defer { Task { await harness.close() } }
        let router = buildRouter(services: harness.services)
        let methods = Dictionary(router.routes.map { (RequestRulesMiddleware.openAPIPath("\($0.path)"), Set([$0.method.rawValue])) },
                                 uniquingKeysWith: { $0.union($1) })
        try await harness.application.test(.router) { client in
            for (path, allowed) in methods {
                let concrete = path.replacingOccurrences(of: "{key}", with: "story").replacingOccurrences(of: "{id}", with: "1")
                    .replacingOccurrences(of: "{name}", with: "Ann")
                for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"] where !allowed.contains(method) {
                    let response = try await client.execute(uri: concrete, method: HTTPRequest.Method(method)!)
                    #expect(response.status == .methodNotAllowed && response.errorCode == "method_not_allowed", "\(method) \(path)")
                    #expect(response.headers[.allow] == allowed.sorted().joined(separator: ", "), "\(method) \(path)")
                }
            }
            #expect(try await client.execute(uri: "/api/nothing", method: .delete).status == .notFound)
            // A CORS preflight is still answered by the CORS middleware.
            let preflight = try await client.execute(uri: "/api/comments/1", method: .options,
                                                     headers: [.origin: "https://news.example", .accessControlRequestMethod: "PATCH"])
            #expect(preflight.status == .noContent && preflight.headers[.accessControlAllowOrigin] == "https://news.example")
        }
    }
}
