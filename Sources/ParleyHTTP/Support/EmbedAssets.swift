import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One static file of the embed, read from the package's resources once, with a strong ETag
/// (a hash of its bytes).
struct EmbedAsset: Sendable {
    let bytes: [UInt8]
    let contentType: String
    let etag: String

    init(bytes: [UInt8], contentType: String) {
        self.bytes = bytes
        self.contentType = contentType
        etag = "\"" + SHA256.hash(data: bytes).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The file, or 304 when the client already holds these bytes.
    func response(to request: Request) -> Response {
        var headers = HTTPFields()
        headers[.eTag] = etag
        headers[.cacheControl] = "public, max-age=300"
        headers[.accessControlAllowOrigin] = "*"
        if let match = request.headers[.ifNoneMatch],
           match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The files under Sources/ParleyHTTP/Embed, loaded once.
enum EmbedAssets {
    static let script = load("embed.js", type: "text/javascript; charset=utf-8")
    static let style = load("embed.css", type: "text/css; charset=utf-8")
    static let demoStyle = load("demo.css", type: "text/css; charset=utf-8")
    static let demoTemplate = load("demo.html", type: "text/html; charset=utf-8")

    /// A file of the bundle; a missing file is a broken build, not a client's problem.
    static func load(_ name: String, type: String) -> EmbedAsset {
        let url = Bundle.module.resourceURL?.appendingPathComponent("Embed").appendingPathComponent(name)
        guard let url, let data = FileManager.default.contents(atPath: url.path) else {
            preconditionFailure("The embed resource \(name) is missing from the parley bundle.")
        }
        return EmbedAsset(bytes: Array(data), contentType: type)
    }

    /// A text resource (the demo stories) by name, if present.
    static func text(_ name: String) -> String? {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Embed").appendingPathComponent(name),
              let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads every asset now, so a broken bundle shows at start rather than on a reader's request.
    static func preload() {
        _ = [script, style, demoStyle, demoTemplate]
    }
}
