import Crypto
import CryptoExtras
import Foundation
import JWTKit
import ParleyCore

/// Signs readers' tokens the way a newsroom's login would, for tests: with an HS256 secret,
/// or an RSA or P-256 private key whose public half parley is given.
public struct TestSigner: Sendable {
    public let algorithm: SignInAlgorithm
    /// What `parley sso add` stores: the secret, or the public key's PEM.
    public let material: [UInt8]
    let keys: JWTKeyCollection

    struct Claims: JWTPayload {
        var sub: SubjectClaim?
        var name: String?
        var email: String?
        var exp: ExpirationClaim?
        var iat: IssuedAtClaim?
        var aud: AudienceClaim?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    public static func hs256(secret: String = "test-secret-" + UUID().uuidString) async -> TestSigner {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return TestSigner(algorithm: .hs256, material: Array(secret.utf8), keys: keys)
    }

    public static func rs256() async throws -> TestSigner {
        let backing = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let privateKey = try Insecure.RSA.PrivateKey(backing: backing)
        let keys = JWTKeyCollection()
        await keys.add(rsa: privateKey, digestAlgorithm: .sha256)
        return TestSigner(algorithm: .rs256, material: Array(backing.publicKey.pemRepresentation.utf8), keys: keys)
    }

    public static func es256() async throws -> TestSigner {
        let key = ES256PrivateKey()
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key)
        return TestSigner(algorithm: .es256, material: Array(key.publicKey.pemRepresentation.utf8), keys: keys)
    }

    /// A signed token; pass nil to leave a claim out.
    public func token(sub: String? = "reader-1", name: String? = "Olena", email: String? = nil,
                      expires: Date? = Date().addingTimeInterval(3600), issuedAt: Date? = Date(),
                      audience: [String]? = nil, kid: String? = nil) async throws -> String {
        let claims = Claims(sub: sub.map(SubjectClaim.init(value:)), name: name, email: email,
                            exp: expires.map(ExpirationClaim.init(value:)), iat: issuedAt.map(IssuedAtClaim.init(value:)),
                            aud: audience.map(AudienceClaim.init(value:)))
        var header = JWTHeader()
        if let kid { header.kid = kid }
        return try await keys.sign(claims, header: header)
    }

    /// A token anyone can make: `alg: none`, no signature.
    public static func unsigned(sub: String = "reader-1", name: String = "Olena", alg: String = "none") -> String {
        let header = #"{"alg":"\#(alg)","typ":"JWT"}"#
        let payload = #"{"sub":"\#(sub)","name":"\#(name)","exp":\#(Int(Date().timeIntervalSince1970) + 3600)}"#
        return base64URL(Array(header.utf8)) + "." + base64URL(Array(payload.utf8)) + "."
    }

    /// The token with its payload replaced (signature kept): what tampering looks like.
    public static func tampered(_ token: String, name: String = "Mallory") -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let payload = #"{"sub":"reader-1","name":"\#(name)","exp":\#(Int(Date().timeIntervalSince1970) + 3600)}"#
        return parts[0] + "." + base64URL(Array(payload.utf8)) + "." + parts[2]
    }

    public static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
