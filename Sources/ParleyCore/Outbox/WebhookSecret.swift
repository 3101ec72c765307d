import Crypto
import Foundation

/// A Standard Webhooks signing secret: `whsec_` followed by the base64 of the key's bytes.
public struct WebhookSecret: Sendable, Equatable {
    public static let prefix = "whsec_"
    /// The HMAC key.
    public let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    /// A new random secret of 32 bytes (256 bits, as long as the HMAC-SHA256 output).
    public static func generate() -> WebhookSecret {
        WebhookSecret(key: Array(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }))
    }

    /// A secret as written: `whsec_` and base64 of at least 16 bytes (one final newline of a
    /// file is ignored), or a one-sentence refusal.
    public init(parsing text: String) throws {
        var value = text
        if value.hasSuffix("\r\n") { value.removeLast(2) } else if value.hasSuffix("\n") { value.removeLast() }
        guard value.hasPrefix(Self.prefix) else {
            throw ParleyError.invalid("A webhook secret starts with whsec_ followed by the base64 of the key.", code: "invalid_secret")
        }
        let encoded = String(value.dropFirst(Self.prefix.count))
        guard let bytes = Data(base64Encoded: encoded), !encoded.isEmpty else {
            throw ParleyError.invalid("The webhook secret after whsec_ is not valid base64.", code: "invalid_secret")
        }
        guard bytes.count >= 16, bytes.count <= 64 else {
            throw ParleyError.invalid("A webhook secret's key is 16 to 64 bytes (this one has \(bytes.count)).", code: "invalid_secret")
        }
        self.key = Array(bytes)
    }

    /// The secret as stored and shown once: `whsec_<base64>`.
    public var text: String { Self.prefix + Data(key).base64EncodedString() }

    /// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the value of `webhook-signature`.
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        var message = Array("\(id).\(timestamp).".utf8)
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }
}
