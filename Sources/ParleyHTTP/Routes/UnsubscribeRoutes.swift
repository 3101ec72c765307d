import Foundation
import HTTPTypes
import Logging
import Hummingbird
import NIOCore
import ParleyCore
import ParleyMail
import ParleyPostgres
import Synchronization

/// One-click unsubscribe (RFC 8058) from the links parley's emails carry. `GET` shows a page
/// that asks (mail scanners follow links, so a GET changes nothing); `POST` unsubscribes: a mail
/// client's one-click POST (`List-Unsubscribe=One-Click`) or the page's button. No sign-in:
/// the link is signed. Each link works once; its use is logged in `email_unsubscriptions`.
struct UnsubscribeRoutes {
    let services: ParleyServices

    func ask(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let target = try await target(context) else { return html(UnsubscribePage.invalid(), status: .notFound) }
        return html(target.usedAt == nil ? UnsubscribePage.ask(target) : UnsubscribePage.already(target), status: .ok)
    }

    func unsubscribe(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let target = try await target(context) else { return html(UnsubscribePage.invalid(), status: .notFound) }
        var request = request
        let body = (try? await request.collectBody(upTo: 4096)).map { String(buffer: $0) } ?? ""
        let oneClick = body.split(separator: "&").contains { $0 == "List-Unsubscribe=One-Click" }
        let recorded = try await services.database.mail.unsubscribe(messageID: target.messageID, method: oneClick ? .oneClick : .page)
        if recorded {
            services.logger.notice("unsubscribed", metadata: ["list": "\(target.list.rawValue)", "message": "\(target.messageID)",
                                                               "method": "\(oneClick ? "one-click" : "page")"])
            return html(UnsubscribePage.done(target), status: .ok)
        }
        let used = try await services.database.mail.unsubscribeTarget(messageID: target.messageID) ?? target
        return html(UnsubscribePage.already(used), status: .ok)
    }

    /// The message a genuine link names; nil for a forged, cut or unknown one.
    private func target(_ context: ParleyRequestContext) async throws -> UnsubscribeTarget? {
        let token = try context.parameters.require("token")
        let links = try await services.unsubscribeLinks.links()
        guard let id = links.messageID(token: token) else { return nil }
        return try await services.database.mail.unsubscribeTarget(messageID: id)
    }

    private func html(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = UnsubscribePage.contentSecurityPolicy
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The unsubscribe links' key, read from the database once (made there on first use).
final class UnsubscribeLinkCache: Sendable {
    let repository: PostgresMailRepository
    private let cached = Mutex<UnsubscribeLinks?>(nil)

    init(repository: PostgresMailRepository) {
        self.repository = repository
    }

    func links() async throws -> UnsubscribeLinks {
        if let links = cached.withLock({ $0 }) { return links }
        let links = UnsubscribeLinks(secret: try await repository.unsubscribeSecret())
        cached.withLock { $0 = links }
        return links
    }
}
