import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore

/// `Idempotency-Key` on POST. The answer is stored by the write's own transaction (see
/// `Once`), so a retry gets the first answer, and after a crash either the write and its
/// answer exist or neither does. A concurrent retry waits for the first request to finish.
enum Idempotency {
    static let canonicalEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    /// The request's key for this scope, nil when it sent none. `input` is the decoded
    /// request: a retry is the same request when it says the same thing, whatever its key
    /// order or spacing.
    static func key(_ request: Request, scope: String, input: some Encodable) throws -> IdempotencyKey? {
        guard let key = request.headers[.idempotencyKey] else { return nil }
        guard !key.isEmpty, key.count <= 200 else {
            throw APIError(.badRequest, code: "invalid_idempotency_key", "An Idempotency-Key has 1 to 200 characters.")
        }
        return IdempotencyKey(scope: scope, key: key, request: Array(try canonicalEncoder.encode(input)))
    }

    /// Runs `work`, which answers with what it stored (or would have); a retry that found the
    /// first answer gets that answer, marked `Idempotent-Replayed: true`.
    static func respond(_ work: () async throws -> StoredAnswer) async throws -> Response {
        do {
            let answer = try await work()
            return JSONBody.response(bytes: answer.body, status: HTTPResponse.Status(code: answer.status))
        } catch let previous as AnsweredBefore {
            var headers = HTTPFields()
            headers[replayed] = "true"
            return JSONBody.response(bytes: previous.answer.body, status: HTTPResponse.Status(code: previous.answer.status),
                                     headers: headers)
        }
    }

    /// A JSON answer, encoded the way every response is.
    static func answer(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> StoredAnswer {
        StoredAnswer(status: Int(status.code), body: Array(try JSONBody.encoder.encode(value)))
    }

    /// An error answer in API.md's shape, for refusals that are kept (a rejected comment).
    static func answer(_ error: APIError) throws -> StoredAnswer {
        let body = APIError.Body(error: .init(code: error.code, message: error.message, details: error.details))
        return StoredAnswer(status: Int(error.status.code), body: Array(try canonicalEncoder.encode(body)))
    }
}
