import Crypto
import Foundation

/// An `Idempotency-Key` as storage keeps it: the key itself is never stored. `lookup` finds
/// the stored answer, `requestHash` tells a retry from a different request under the same
/// key, and the answer is sealed with a key derived from the Idempotency-Key, so the stored
/// answers (which hold edit tokens) are unreadable to anyone who does not hold the key.
public struct IdempotencyKey: Sendable, Equatable {
    public let lookup: String
    public let requestHash: String
    let sealingKey: [UInt8]

    /// `scope` separates keys of different routes and readers; `request` is the request in a
    /// canonical form (the same for a retry, whatever its spacing or key order).
    public init(scope: String, key: String, request: [UInt8]) {
        let named = Array((scope + "\u{1F}" + key).utf8)
        lookup = Hex.string(SHA256.hash(data: named))
        requestHash = Secret.hash(scope + "\u{1F}" + String(decoding: request, as: UTF8.self))
        sealingKey = Array(HMAC<SHA256>.authenticationCode(for: named, using: SymmetricKey(data: Array("parley answer".utf8))))
    }

    /// The answer sealed for storage: base64 of ChaCha20-Poly1305's nonce, ciphertext and tag.
    public func seal(_ answer: StoredAnswer) throws -> String {
        var plain = Array(String(answer.status).utf8)
        plain.append(0x0A)
        plain.append(contentsOf: answer.body)
        let box = try ChaChaPoly.seal(plain, using: SymmetricKey(data: sealingKey))
        return box.combined.base64EncodedString()
    }

    /// Opens what `seal` stored; nil when it was not sealed with this key.
    public func open(_ sealed: String) -> StoredAnswer? {
        guard let data = Data(base64Encoded: sealed),
              let box = try? ChaChaPoly.SealedBox(combined: data),
              let plain = try? ChaChaPoly.open(box, using: SymmetricKey(data: sealingKey)),
              let newline = plain.firstIndex(of: 0x0A),
              let status = Int(String(decoding: plain[..<newline], as: UTF8.self))
        else { return nil }
        return StoredAnswer(status: status, body: Array(plain[(newline + 1)...]))
    }
}

/// An HTTP answer kept for retries: its status and JSON body, byte for byte.
public struct StoredAnswer: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// A write that a client may retry with an Idempotency-Key: the key, and how to answer the
/// write from its result. Storage keeps the answer in the transaction of the write itself,
/// so after a crash either both exist or neither does. `answer` returning nil keeps nothing
/// (a refusal that changed nothing is simply decided again on a retry).
public struct Once<Value: Sendable>: Sendable {
    public let key: IdempotencyKey
    public let answer: @Sendable (Value) throws -> StoredAnswer?

    public init(key: IdempotencyKey, answer: @escaping @Sendable (Value) throws -> StoredAnswer?) {
        self.key = key
        self.answer = answer
    }
}

/// Thrown by storage when a retry finds the first request's answer: nothing was written.
public struct AnsweredBefore: Error, Sendable, Equatable {
    public let answer: StoredAnswer

    public init(_ answer: StoredAnswer) {
        self.answer = answer
    }
}

extension ParleyError {
    public static func idempotencyKeyReused() -> ParleyError {
        ParleyError(.rejected, code: "idempotency_key_reused", "This Idempotency-Key was used for a different request.")
    }
}

/// Housekeeping of stored answers.
public protocol IdempotencyRepository: Sendable {
    /// Forgets answers older than `seconds`; returns how many.
    func prune(olderThan seconds: Double) async throws -> Int
}
