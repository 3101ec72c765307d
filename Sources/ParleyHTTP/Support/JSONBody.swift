import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// Reading request bodies and writing JSON responses the way the API promises: JSON only
/// (415 otherwise), within the body limit (413), malformed JSON is a 400 with a clear message.
enum JSONBody {
    static func read<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> (T, [UInt8]) {
        try requireMediaType(request, "application/json")
        let bytes = try await collect(request, limit: limit)
        return (try decode(type, from: bytes), bytes)
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError(.badRequest, code: "malformed_json", "The request body lacks \"\(key.stringValue.snakeCased)\".")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = context.codingPath.map(\.stringValue.snakeCased).joined(separator: ".")
            throw APIError(.badRequest, code: "malformed_json", "\"\(path)\" in the request body has the wrong type.")
        } catch {
            throw APIError(.badRequest, code: "malformed_json", "The request body is not valid JSON.")
        }
    }

    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw tooLarge(limit)
        }
    }

    static func requireMediaType(_ request: Request, _ expected: String...) throws {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard expected.contains(type) else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           "Send the body as \(expected.joined(separator: " or ")) (Content-Type).")
        }
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", "The request body is larger than \(limit) bytes.",
                 details: ["limit": String(limit)])
    }

    static let encoder = ParleyJSON.encoder()

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        try response(bytes: Array(encoder.encode(value)), status: status, headers: headers)
    }

    /// A hot response, written by `JSONWriter` (the same bytes `encoder` would make).
    static func response(writing value: some JSONWritable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        response(bytes: value.jsonBytes(), status: status, headers: headers)
    }

    static func response(bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        response(buffer: ByteBuffer(bytes: bytes), status: status, headers: headers)
    }

    static func response(buffer: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }
}

extension HTTPField.Name {
    static let editToken = HTTPField.Name("X-Edit-Token")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
