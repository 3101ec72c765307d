import Foundation
import HTTPTypes
import Hummingbird

/// Per-address limits: one budget for reads, a smaller one for writes; 429 with Retry-After.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let services: ParleyServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let address = Self.clientAddress(request, context: context, trustForwardedFor: services.configuration.trustForwardedFor)
        let write = request.method != .get && request.method != .head && request.method != .options
        let limit = write ? services.configuration.writesPerMinutePerIP : services.configuration.readsPerMinutePerIP
        if let wait = services.limiter.check((write ? "w:" : "r:") + address, perMinute: limit) {
            throw APIError(.tooManyRequests, code: "rate_limited", "Too many requests from your address; retry in \(wait) s.",
                           details: ["retry_after": String(wait)], headers: APIError.retryAfter(wait))
        }
        return try await next(request, context)
    }

    /// The client's address: the connection's peer, or the first X-Forwarded-For entry when trusted.
    static func clientAddress(_ request: Request, context: Context, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[.init("X-Forwarded-For")!],
           let first = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty {
            return first
        }
        return context.peerAddress ?? "unknown"
    }
}
