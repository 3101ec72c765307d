import Foundation
import JWTKit
import ParleyCore

/// Verifies readers' tokens against the active sign-in keys with jwt-kit. Only HS256, RS256
/// and ES256 are accepted, and only with a key of that algorithm; a `kid` header naming a
/// key's NAME narrows the keys tried, otherwise each key of the algorithm is tried in turn
/// (rotation). Every failure is a `ParleyError` with code `invalid_reader_token`.
public struct ReaderTokenVerifier: Sendable {
    struct Entry: Sendable {
        let key: SignInKey
        let keys: JWTKeyCollection
    }

    let entries: [Entry]

    /// Longest token accepted, in bytes: a reader's token is a few hundred.
    public static let maximumLength = 8192

    public init(keys: [SignInKey]) async throws {
        var entries: [Entry] = []
        for key in keys {
            entries.append(Entry(key: key, keys: try await SignInKeyMaterial.collection(for: key)))
        }
        self.entries = entries
    }

    public var keys: [SignInKey] { entries.map(\.key) }

    /// The reader a token names, if one of the keys signed it and its claims hold at `now`.
    public func verify(_ token: String, now: Date = Date()) async throws -> ReaderIdentity {
        let bytes = Array(token.utf8)
        guard bytes.count <= Self.maximumLength, bytes.filter({ $0 == UInt8(ascii: ".") }).count == 2 else {
            throw Self.invalid("The reader token is not a JWT.")
        }
        let header: JWTHeader
        do {
            header = try DefaultJWTParser().parse(bytes, as: ReaderClaims.self).header
        } catch {
            throw Self.invalid("The reader token is malformed or lacks one of the claims sub, name and exp.")
        }
        guard let alg = header.alg, let algorithm = SignInAlgorithm(rawValue: alg) else {
            throw Self.invalid("The reader token's algorithm is not one parley accepts (HS256, RS256, ES256).")
        }
        var candidates = entries.filter { $0.key.algorithm == algorithm }
        if let kid = header.kid, candidates.contains(where: { $0.key.name == kid }) {
            candidates = candidates.filter { $0.key.name == kid }
        }
        guard !candidates.isEmpty else {
            throw Self.invalid("No sign-in key for \(alg) tokens is configured.")
        }
        var failure = Self.invalid("The reader token's signature does not match any sign-in key.")
        for candidate in candidates {
            let claims: ReaderClaims
            do {
                claims = try await candidate.keys.verify(bytes, as: ReaderClaims.self)
            } catch {
                continue
            }
            if let audience = candidate.key.audience, !(claims.aud?.value.contains(audience) ?? false) {
                failure = Self.invalid("The reader token is not meant for this site (aud).")
                continue
            }
            return try identity(claims, key: candidate.key, now: now)
        }
        throw failure
    }

    func identity(_ claims: ReaderClaims, key: SignInKey, now: Date) throws -> ReaderIdentity {
        guard claims.exp.value > now else { throw Self.invalid("The reader token has expired.") }
        let subject = claims.sub.value
        guard !subject.isEmpty, subject.count <= 255, !subject.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Self.invalid("The reader token's sub is empty, too long or has control characters.")
        }
        let name = claims.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw Self.invalid("The reader token's name is empty.") }
        let email = claims.email.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        return ReaderIdentity(site: key.name, subject: subject, name: name, email: email)
    }

    static func invalid(_ message: String) -> ParleyError {
        ParleyError(.unauthorized, code: "invalid_reader_token", message)
    }
}
