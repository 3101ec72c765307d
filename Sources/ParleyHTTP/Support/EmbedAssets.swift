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

/// The files under Sources/ParleyHTTP/Embed, read once.
enum EmbedAssets {
    /// Every file of the folder by name; a missing folder is a broken build, not a client's problem.
    static let files: [String: [UInt8]] = {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Embed"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            preconditionFailure("The embed resources are missing from the parley bundle.")
        }
        var files: [String: [UInt8]] = [:]
        for name in names {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) { files[name] = Array(data) }
        }
        return files
    }()

    static let script = asset("embed.js", type: "text/javascript; charset=utf-8")
    static let style = asset("embed.css", type: "text/css; charset=utf-8")
    static let demoStyle = asset("demo.css", type: "text/css; charset=utf-8")
    static let demoTemplate = asset("demo.html", type: "text/html; charset=utf-8")

    static func asset(_ name: String, type: String) -> EmbedAsset {
        guard let bytes = files[name] else { preconditionFailure("The embed resource \(name) is missing from the parley bundle.") }
        return EmbedAsset(bytes: bytes, contentType: type)
    }

    /// A text file of the folder (the demo stories), if there is one by that name.
    static func text(_ name: String) -> String? {
        files[name].map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads every asset now, so a broken bundle shows at start rather than on a reader's request.
    static func preload() {
        _ = [script, style, demoStyle, demoTemplate]
    }
}
