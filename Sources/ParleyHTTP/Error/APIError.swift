import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// An error in API.md's shape: `{"error": {"code", "message", "details"}}` with its status.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [String: String]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, details: [String: String] = [:], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    struct Body: Encodable {
        struct Inner: Encodable {
            var code: String
            var message: String
            var details: [String: String]
        }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Body(error: .init(code: code, message: message, details: details)))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func retryAfter(_ seconds: Int) -> HTTPFields {
        var headers = HTTPFields()
        headers[.retryAfter] = String(seconds)
        return headers
    }

    /// Any error as the API reports it; nothing a client sends ends as a 500 with internals.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ParleyError:
            return from(error)
        case let error as HTTPError:
            return APIError(error.status, code: code(for: error.status), error.body ?? error.status.reasonPhrase, headers: error.headers)
        case is DecodingError:
            return APIError(.badRequest, code: "malformed_json", "The request body is not the JSON this route expects.")
        default:
            return APIError(.internalServerError, code: "internal_error", "Something went wrong inside parley; the details are in its log.")
        }
    }

    static func from(_ error: ParleyError) -> APIError {
        switch error.kind {
        case .invalid: return APIError(.badRequest, code: error.code, error.message, details: error.details)
        case .notFound: return APIError(.notFound, code: error.code, error.message, details: error.details)
        case .conflict: return APIError(.conflict, code: error.code, error.message, details: error.details)
        case .rejected: return APIError(.unprocessableContent, code: error.code, error.message, details: error.details)
        case .forbidden: return APIError(.forbidden, code: error.code, error.message, details: error.details)
        case .unauthorized: return APIError(.unauthorized, code: error.code, error.message, details: error.details)
        case .rateLimited: return APIError(.tooManyRequests, code: error.code, error.message, details: error.details, headers: retryAfter(60))
        case .unavailable:
            return APIError(.serviceUnavailable, code: "database_unavailable", "The service is unavailable for a moment; please retry.",
                            headers: retryAfter(5))
        case .internalFailure:
            return APIError(.internalServerError, code: "internal_error", "Something went wrong inside parley; the details are in its log.")
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "body_too_large"
        case 415: "unsupported_media_type"
        case 429: "rate_limited"
        case 503: "unavailable"
        default: "error"
        }
    }

    static let notFound = APIError(.notFound, code: "not_found", "There is nothing at this address.")
}
