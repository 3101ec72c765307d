import Crypto
import Foundation

/// What a bearer token may do on the HTTP API.
public enum TokenRole: String, Sendable, Codable, CaseIterable, Comparable {
    case moderator
    case admin

    public static func < (lhs: TokenRole, rhs: TokenRole) -> Bool { lhs == .moderator && rhs == .admin }
}

/// A stored API token: only its hash is kept; the token itself is shown once.
public struct AccessToken: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var role: TokenRole
    public var createdAt: Date
    public var createdBy: String?
    public var lastUsedAt: Date?

    public init(id: Int64, name: String, role: TokenRole, createdAt: Date, createdBy: String?, lastUsedAt: Date?) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.lastUsedAt = lastUsedAt
    }
}

/// Random secrets (API tokens, edit tokens) and the hashes storage keeps of them.
public enum Secret {
    /// 32 random bytes, URL-safe base64, with a prefix that says what it is.
    public static func generate(prefix: String) -> String {
        // Four 64-bit draws from the system's generator rather than 32 one-byte ones.
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256, hex: tokens are long random strings, so a fast hash without salt is enough.
    public static func hash(_ secret: String) -> String {
        Hex.string(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Compares two hashes without leaking where they differ.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// Storage of API tokens.
public protocol TokenRepository: Sendable {
    /// Stores a new token under a name not in use; returns the record.
    func create(name: String, role: TokenRole, tokenHash: String, createdBy: String) async throws -> AccessToken
    func list() async throws -> [AccessToken]
    /// Revokes the active token of that name; false when there is none.
    func revoke(name: String, by moderator: String) async throws -> Bool
    /// The active token with this hash.
    func find(hash: String) async throws -> AccessToken?
}
