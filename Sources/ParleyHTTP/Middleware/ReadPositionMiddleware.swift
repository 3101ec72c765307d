import Foundation
import HTTPTypes
import Hummingbird
import ParleyPostgres

/// Read-your-writes with standbys serving reads: a write's answer carries the primary's
/// position after it (`X-Parley-Position`), and a read that sends it back (`X-Parley-After`)
/// is answered only from a server that has replayed that far. Without a read database, writes
/// carry no position and the header on reads changes nothing (the primary is always current).
struct ReadPositionMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let services: ParleyServices

    static let after = HTTPField.Name("X-Parley-After")!
    static let position = HTTPField.Name("X-Parley-Position")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get || request.method == .head {
            let text = request.headers[Self.after]?.trimmingCharacters(in: .whitespaces) ?? ""
            if text.isEmpty { return try await next(request, context) }
            guard let position = ReadPosition(text) else {
                throw APIError(.badRequest, code: "invalid_position",
                               "X-Parley-After is a position from X-Parley-Position, such as 0/16B3748.")
            }
            return try await ReadPosition.$required.withValue(position) { try await next(request, context) }
        }
        var response = try await next(request, context)
        if (200..<300).contains(response.status.code), let position = try? await services.database.writePosition() {
            response.headers[Self.position] = position.description
        }
        return response
    }
}
