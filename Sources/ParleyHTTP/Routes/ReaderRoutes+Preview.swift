import Foundation
import Hummingbird
import ParleyCore

/// `POST /api/preview`: the HTML a body would get once published, by the same SafeMarkdown
/// renderer and the same body rules as a post (rate limited as a write, by the middleware).
struct PreviewRoute {
    let services: ParleyServices

    struct Input: Decodable {
        var body: String
    }

    func preview(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let (input, _) = try await JSONBody.read(Input.self, from: request, limit: services.configuration.bodyLimit)
        let body = try TextRules.commentBody(input.body, maxLength: services.settings.maxBodyLength)
        return try JSONBody.response(["html": services.render(body)])
    }
}
