import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore
import ParleyPostgres

/// The reader's embed (/embed.js, /embed.css) and, with `--demo-pages`, a demo article page
/// (/demo/{key}, /demo.css) that shows it under a strict Content-Security-Policy.
struct EmbedRoutes {
    let services: ParleyServices

    func script(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        EmbedAssets.script.response(to: request)
    }

    func style(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        EmbedAssets.style.response(to: request)
    }

    func demoStyle(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try requireDemoPages()
        return EmbedAssets.demoStyle.response(to: request)
    }

    func demo(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try requireDemoPages()
        let key = try context.parameters.require("key")
        let page = DemoPage(lang: request.uri.queryParameters["lang"].map(String.init))
        guard let article = try await services.database.articles.find(key: key) else {
            return html(page.missing(key: key), status: .notFound)
        }
        let others = try await services.database.articles.list(tag: nil, status: nil, limit: 6)
        return html(page.render(article: article, others: Array(others.filter { $0.key != key }.prefix(4)) + [article]), status: .ok)
    }

    private func requireDemoPages() throws {
        guard services.configuration.demoPages else {
            throw APIError(.notFound, code: "not_found", "Demo pages are off; start parley serve with --demo-pages.")
        }
    }

    private func html(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = DemoPage.contentSecurityPolicy
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
