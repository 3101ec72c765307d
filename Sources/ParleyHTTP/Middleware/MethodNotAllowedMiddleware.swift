import Foundation
import HTTPTypes
import Hummingbird

/// A method a known path does not have answers 405 with `Allow` (RFC 9110), not 404. Added
/// after every route, so it wraps only the router's not-found answer; the methods come from
/// the router's own routes, so they cannot disagree with what is served.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let paths: [(path: RouterPath, methods: [String])]

    init(routes: [Router<ParleyRequestContext>.RouteDescription]) {
        var paths: [(path: RouterPath, methods: [String])] = []
        for route in routes {
            if let index = paths.firstIndex(where: { $0.path == route.path }) {
                paths[index].methods.append(route.method.rawValue)
            } else {
                paths.append((route.path, [route.method.rawValue]))
            }
        }
        self.paths = paths.map { ($0.path, $0.methods.sorted()) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let methods = allowed(request.uri.path) else { return try await next(request, context) }
        var headers = HTTPFields()
        headers[.allow] = methods.joined(separator: ", ")
        throw APIError(.methodNotAllowed, code: "method_not_allowed",
                       "\(request.method.rawValue) is not a method of this address; it has \(methods.joined(separator: ", ")).",
                       details: ["allow": methods.joined(separator: ", ")], headers: headers)
    }

    /// The methods of the first route whose path matches, as the router's trie matches it.
    func allowed(_ path: String) -> [String]? {
        let parts = path.split(separator: "/")
        return paths.first { route in
            route.path.components.count == parts.count && zip(route.path.components, parts).allSatisfy { $0 ~= $1 }
        }?.methods
    }
}
