import Crypto
import Foundation
import JWTKit
import ParleyCore

/// Reading key material as `parley sso add` is given it, and turning a stored key into
/// something jwt-kit verifies with.
public enum SignInKeyMaterial {
    /// An HS256 secret: the file's bytes as they are, one final newline dropped.
    public static func secret(fromFile bytes: [UInt8]) throws -> [UInt8] {
        var secret = bytes
        if secret.last == UInt8(ascii: "\n") {
            secret.removeLast()
            if secret.last == UInt8(ascii: "\r") { secret.removeLast() }
        }
        guard !secret.isEmpty else { throw ParleyError.invalid("The secret file is empty.", code: "invalid_key") }
        guard secret.count >= 32 else {
            throw ParleyError.invalid("An HS256 secret needs at least 32 bytes; this one has \(secret.count).", code: "invalid_key")
        }
        return secret
    }

    /// A public key's algorithm, from its type: RS256 for RSA, ES256 for a P-256 key.
    public static func algorithm(ofPublicKeyPEM bytes: [UInt8]) throws -> SignInAlgorithm {
        let pem = String(decoding: bytes, as: UTF8.self)
        if pem.contains("PRIVATE KEY") {
            throw ParleyError.invalid("The file holds a private key; give parley the public key only.", code: "invalid_key")
        }
        guard pem.contains("-----BEGIN ") else {
            throw ParleyError.invalid("The file is not a PEM public key.", code: "invalid_key")
        }
        if (try? Insecure.RSA.PublicKey(pem: pem)) != nil { return .rs256 }
        if (try? ES256PublicKey(pem: pem)) != nil { return .es256 }
        throw ParleyError.invalid("The file is not an RSA (2048 bits or more) or P-256 public key in PEM.", code: "invalid_key")
    }

    /// A key collection holding just this key, as the default.
    static func collection(for key: SignInKey) async throws -> JWTKeyCollection {
        let collection = JWTKeyCollection()
        do {
            switch key.algorithm {
            case .hs256:
                await collection.add(hmac: HMACKey(from: key.material), digestAlgorithm: .sha256)
            case .rs256:
                let publicKey = try Insecure.RSA.PublicKey(pem: String(decoding: key.material, as: UTF8.self))
                await collection.add(rsa: publicKey, digestAlgorithm: .sha256)
            case .es256:
                let publicKey = try ES256PublicKey(pem: String(decoding: key.material, as: UTF8.self))
                await collection.add(ecdsa: publicKey)
            }
        } catch {
            throw ParleyError(.internalFailure, code: "invalid_key", "The stored sign-in key \"\(key.name)\" (\(key.id)) cannot be read.")
        }
        return collection
    }
}
