import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// `Idempotency-Key` on POST: the first answer is stored, and a retry with the same key and
/// body gets it again without anything new being stored.
struct Idempotency {
    let services: ParleyServices

    static let canonicalEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `work` answers with a status and a JSON body, so the answer can be stored as sent.
    /// `input` is the decoded request; a retry is the same request when it says the same
    /// thing, whatever its key order or spacing. It is encoded only when a key was sent.
    func run(_ request: Request, scope: String, input: some Encodable,
             _ work: () async throws -> (HTTPResponse.Status, [UInt8])) async throws -> Response {
        guard let key = request.headers[.idempotencyKey] else {
            let (status, bytes) = try await work()
            return JSONBody.response(bytes: bytes, status: status)
        }
        guard !key.isEmpty, key.count <= 200 else {
            throw APIError(.badRequest, code: "invalid_idempotency_key", "An Idempotency-Key has 1 to 200 characters.")
        }
        let repository = services.database.idempotency
        let body = try Self.canonicalEncoder.encode(input)
        let requestHash = Secret.hash(scope + "\u{1F}" + String(decoding: body, as: UTF8.self))
        switch try await repository.claim(scope: scope, key: key, requestHash: requestHash) {
        case .answered(let status, let stored):
            var headers = HTTPFields()
            headers[.init("Idempotent-Replayed")!] = "true"
            return JSONBody.response(bytes: Array(stored.utf8), status: HTTPResponse.Status(code: status), headers: headers)
        case .inProgress:
            throw APIError(.conflict, code: "idempotency_in_progress", "A request with this Idempotency-Key is still being processed.")
        case .mismatch:
            throw APIError(.unprocessableContent, code: "idempotency_key_reused",
                           "This Idempotency-Key was used for a different request.")
        case .claimed:
            break
        }
        do {
            let (status, bytes) = try await work()
            try await repository.complete(scope: scope, key: key, status: Int(status.code), body: String(decoding: bytes, as: UTF8.self))
            return JSONBody.response(bytes: bytes, status: status)
        } catch {
            let apiError = APIError.from(error)
            // Final answers are kept; failures worth retrying (503, 429, 500) are not.
            if [422, 400, 404, 409].contains(apiError.status.code) {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let body = String(decoding: try encoder.encode(APIError.Body(error: .init(
                    code: apiError.code, message: apiError.message, details: apiError.details))), as: UTF8.self)
                try? await repository.complete(scope: scope, key: key, status: Int(apiError.status.code), body: body)
            } else {
                try? await repository.release(scope: scope, key: key)
            }
            throw apiError
        }
    }
}
