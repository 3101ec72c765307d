import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// Every failure leaves as API.md's error shape with the right status, and each request is
/// logged once (method, route, status, duration, request id). Unexpected errors are logged in
/// full and answered with a generic 500: no SQL, stack or internals reach a client.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            var apiError = APIError.from(error)
            if let http = error as? HTTPError, http.status == .notFound {
                apiError = .notFound
            }
            if apiError.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            response = try apiError.response(from: request, context: context)
        }
        response.headers[.init("X-Request-Id")!] = context.id
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        // Every request at info (off by default in `parley serve`: PARLEY_LOG_LEVEL=info shows them);
        // server failures at error.
        context.logger.log(level: response.status.code >= 500 ? .error : .info, "request", metadata: [
            "method": "\(request.method.rawValue)",
            "route": "\(context.endpointPath ?? request.uri.path)",
            "status": "\(response.status.code)",
            "duration_ms": "\(String(format: "%.2f", milliseconds))",
            "client": "\(context.peerAddress ?? "-")",
        ])
        return response
    }
}

/// A browser may call the API only from the site origins in the allow-list.
struct CORSAllowListMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let origins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains(origin) else {
            if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
                return Response(status: .forbidden)
            }
            return try await next(request, context)
        }
        var response: Response
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = "GET, POST, PATCH, PUT, DELETE, OPTIONS"
            response.headers[.accessControlAllowHeaders] = "Content-Type, Authorization, X-Edit-Token, Idempotency-Key, If-None-Match, Last-Event-ID, X-Parley-After"
            response.headers[.accessControlMaxAge] = "600"
        } else {
            response = try await next(request, context)
            response.headers[.accessControlExposeHeaders] = "ETag, Retry-After, X-Request-Id, X-Parley-Position"
        }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        return response
    }
}
