import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ParleyCore
import ParleyExchange
import ParleyPostgres

/// `GET /api/admin/articles/{key}/export`: the formats of `parley export`, streamed as the
/// rows leave PostgreSQL. The lossless archive (`format=parley`) carries e-mail and IP
/// addresses, so it needs an admin token.
struct ExportRoutes {
    let services: ParleyServices

    func export(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let key = try context.parameters.require("key")
        let query = request.uri.queryParameters
        let formatName = query["format"].map(String.init) ?? "json"
        guard let format = ExportFormat(rawValue: formatName) else {
            throw APIError(.badRequest, code: "invalid_format",
                           "format is \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if format == .parley, context.token?.role != .admin {
            throw APIError(.forbidden, code: "forbidden", "The parley archive holds e-mail and IP addresses; it needs an admin token.")
        }
        let states = query.getAll("states").map { String($0) }
        // The archive always holds every comment: the document says states does not apply to it.
        let selection = states.isEmpty || format == .parley ? ExportSelection.readers : try ExportSelection.parse(states)
        let exchange = services.database.exchange
        // Refused before the response starts, so an unknown article is a clean 404.
        _ = try await exchange.articles(keys: [key])

        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.contentDisposition] = "attachment; filename=\"\(Self.fileName(key)).\(format.fileExtension)\""
        headers[.cacheControl] = "no-store"
        let logger = context.logger
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let sink = StreamingExportSink()
            let export = Task {
                defer { sink.close() }
                return try await Exporter(repository: exchange).export(keys: [key], format: format, selection: selection, to: sink)
            }
            do {
                for await chunk in sink.chunks {
                    try await writer.write(ByteBuffer(bytes: chunk))
                    sink.sent()
                }
                let count = try await export.value
                logger.info("export sent", metadata: ["article": "\(key)", "format": "\(format.rawValue)", "comments": "\(count)"])
                try await writer.finish(nil)
            } catch {
                // Headers are gone already: all that is left is to stop and drop the connection.
                sink.cancel()
                _ = try? await export.value
                logger.warning("export stopped", metadata: ["article": "\(key)", "error": "\(error)"])
                throw error
            }
        })
    }

    /// The key as a safe file name: letters, digits, dot, dash and underscore.
    static func fileName(_ key: String) -> String {
        let safe = String(key.unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        })
        return safe.isEmpty ? "export" : safe
    }
}
