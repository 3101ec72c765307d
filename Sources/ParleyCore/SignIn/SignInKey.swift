import Foundation

/// How a newsroom signs its readers' tokens: a shared secret (HS256) or a key pair whose
/// public half parley keeps (RS256, ES256).
public enum SignInAlgorithm: String, Sendable, Codable, CaseIterable {
    case hs256 = "HS256"
    case rs256 = "RS256"
    case es256 = "ES256"

    public var usesSecret: Bool { self == .hs256 }
}

/// Whether an article's readers may write anonymously.
public enum SignInPolicy: String, Sendable, Codable, CaseIterable {
    case optional
    case required
}

/// A key that may sign readers' tokens, under the NAME of the site that signs them. One
/// name may hold several active keys (rotation); readers are known by (name, `sub`).
public struct SignInKey: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var algorithm: SignInAlgorithm
    /// The HS256 secret's bytes, or the PEM text of a public key. Never printed.
    public var material: [UInt8]
    /// When set, tokens must name it in `aud`.
    public var audience: String?
    public var createdAt: Date
    public var createdBy: String?

    public init(id: Int64, name: String, algorithm: SignInAlgorithm, material: [UInt8], audience: String?,
                createdAt: Date, createdBy: String? = nil) {
        self.id = id
        self.name = name
        self.algorithm = algorithm
        self.material = material
        self.audience = audience
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// A reader whose token verified: the key's name, the site's user id, and what to show.
public struct ReaderIdentity: Sendable, Equatable, Hashable {
    public var site: String
    public var subject: String
    public var name: String
    public var email: String?

    public init(site: String, subject: String, name: String, email: String? = nil) {
        self.site = site
        self.subject = subject
        self.name = name
        self.email = email
    }

    /// One string per reader, for rate limits, votes and reports.
    public var key: String { "sso:" + site + ":" + subject }
}

/// Storage of sign-in keys.
public protocol SignInKeyRepository: Sendable {
    /// Stores a new active key under `name`; refuses the same key twice under one name.
    func add(name: String, algorithm: SignInAlgorithm, material: [UInt8], audience: String?, createdBy: String) async throws -> SignInKey
    /// The active keys, oldest first.
    func active() async throws -> [SignInKey]
    /// Deactivates every active key of `name` (or only the one with `id`); returns how many.
    func remove(name: String, id: Int64?, by moderator: String) async throws -> Int
}

extension SignInKey {
    /// Key names: what `kid` headers and author identities use.
    public static func validName(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespaces)
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy(allowed.contains),
              name.first.map({ $0.isLetter || $0.isNumber }) == true else {
            throw ParleyError.invalid("A sign-in key name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.",
                                      code: "invalid_key_name")
        }
        return name
    }
}
