import Crypto
import Foundation

/// Signed unsubscribe links: `<public URL>/email/unsubscribe/<id>.<mac>`, where mac is the
/// base64url HMAC-SHA256, under the database's secret, of the message's queue id. The link
/// names no address and needs no login; a forged or altered one does not verify.
public struct UnsubscribeLinks: Sendable {
    let key: SymmetricKey

    public init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    public static let pathPrefix = "/email/unsubscribe/"

    public func token(messageID: Int64) -> String {
        "\(messageID)." + Self.base64URL(Array(HMAC<SHA256>.authenticationCode(for: Self.signed(messageID), using: key)))
    }

    public func url(base: String, messageID: Int64) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + Self.pathPrefix + token(messageID: messageID)
    }

    /// The message id of a genuine token; nil for anything else (compared in constant time).
    public func messageID(token: String) -> Int64? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count <= 19, parts[0].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let id = Int64(parts[0]), id > 0, let mac = Self.decodeBase64URL(String(parts[1])), mac.count == 32
        else { return nil }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.signed(id), using: key) ? id : nil
    }

    static func signed(_ id: Int64) -> [UInt8] {
        Array("parley-unsubscribe\u{0}\(id)".utf8)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
