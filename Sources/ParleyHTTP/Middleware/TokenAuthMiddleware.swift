import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// Moderator routes: `Authorization: Bearer TOKEN` of an active token with at least `role`.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let services: ParleyServices
    let role: TokenRole

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.token = try await Self.authenticate(request, services: services, role: role)
        return try await next(request, context)
    }

    static func authenticate(_ request: Request, services: ParleyServices, role: TokenRole) async throws -> AccessToken {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw APIError(.unauthorized, code: "unauthorized", "This route needs `Authorization: Bearer TOKEN`.",
                           headers: [.wwwAuthenticate: "Bearer"])
        }
        let secret = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard !secret.isEmpty, secret.count < 200, let token = try await services.database.tokens.find(hash: Secret.hash(secret)) else {
            throw APIError(.unauthorized, code: "unauthorized", "The token is not valid (unknown or revoked).",
                           headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""])
        }
        guard token.role >= role else {
            throw APIError(.forbidden, code: "forbidden", "This route needs a token with the \(role.rawValue) role.")
        }
        return token
    }
}
