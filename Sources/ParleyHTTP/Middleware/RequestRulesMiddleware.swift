import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Refuses, before any route runs, a request that breaks the rules the OpenAPI document
/// states for its operation (APIConstraints): path, query and header values, and the fields
/// of a JSON body. Path values are percent-decoded here, and `+` in a query means a space
/// (as HTML forms and most clients send it), so routes read values as the document means them.
struct RequestRulesMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let operations: [String: OperationRules]
    let bodyLimit: Int

    init(constraints: APIConstraints, bodyLimit: Int) {
        operations = constraints.operations
        self.bodyLimit = bodyLimit
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let template = context.endpointPath.map(Self.openAPIPath),
              let rules = operations["\(request.method.rawValue) \(template)"]
        else { return try await next(request, context) }
        var request = Self.plusAsSpace(request)
        var context = context
        context.coreContext.parameters = try Self.decodedPathParameters(context.parameters)
        let query = request.uri.queryParameters
        for parameter in rules.parameters {
            let values: [String]
            switch parameter.location {
            case .path: values = context.parameters.get(parameter.name).map { [$0] } ?? []
            case .query: values = query.getAll(parameter.name).map { String($0) }
            case .header:
                let field: HTTPField.Name? = HTTPField.Name(parameter.name)
                values = field.map { request.headers[values: $0] } ?? []
            }
            if values.isEmpty, parameter.required, parameter.location != .header {
                throw APIError(.badRequest, code: parameter.rule.code, "\(parameter.name) is required: it \(parameter.rule.message)")
            }
            for value in values where !parameter.rule.accepts(text: value) {
                throw parameter.rule.refusal(of: value, field: parameter.name)
            }
        }
        if let body = rules.body {
            let bytes: [UInt8]
            if rules.bodyRequired {
                try JSONBody.requireMediaType(request, "application/json")
                bytes = try await Self.collect(&request, limit: bodyLimit)
            } else {
                bytes = try await Self.collect(&request, limit: bodyLimit)
                if !bytes.isEmpty { try JSONBody.requireMediaType(request, "application/json") }
            }
            if !bytes.isEmpty || rules.bodyRequired {
                guard let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
                    throw APIError(.badRequest, code: "malformed_json", "The request body is not valid JSON.")
                }
                if let refusal = body.refusal(of: value) { throw refusal }
            }
        }
        return try await next(request, context)
    }

    /// The body read once (within the limit, 413 past it) and kept in the request for the route.
    static func collect(_ request: inout Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw JSONBody.tooLarge(limit)
        }
        do {
            return Array(try await request.collectBody(upTo: limit).readableBytesView)
        } catch {
            throw JSONBody.tooLarge(limit)
        }
    }

    /// "/api/comments/:id" (Hummingbird's spelling) as "/api/comments/{id}".
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    static func decodedPathParameters(_ parameters: Parameters) throws -> Parameters {
        var decoded = Parameters()
        for (name, value) in parameters {
            guard let text = value.removingPercentEncoding else {
                throw APIError(.badRequest, code: "invalid_path", "The address has a broken percent-encoding.")
            }
            decoded.append(key: name, value: Substring(text))
        }
        return decoded
    }

    /// The request with `+` in its query spelled `%20`, so every reader of the query sees a space.
    static func plusAsSpace(_ request: Request) -> Request {
        guard let path = request.head.path, let mark = path.firstIndex(of: "?"), path[mark...].contains("+") else { return request }
        var head = request.head
        head.path = String(path[..<mark]) + path[mark...].replacingOccurrences(of: "+", with: "%20")
        return Request(head: head, body: request.body)
    }
}
