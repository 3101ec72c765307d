import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyPostgres
import ParleySignIn

/// Reader sign-in on the HTTP API: which reader a request's `Authorization: Bearer <JWT>`
/// names. The active keys are read on each signed-in request (one small query, so a key
/// added or removed by the CLI counts at once); the verifier is rebuilt only when they change.
actor ReaderSignIn {
    private let keys: PostgresSignInKeyRepository
    private var verifier: ReaderTokenVerifier?

    init(keys: PostgresSignInKeyRepository) {
        self.keys = keys
    }

    /// nil when the request carries no JWT (no header, or a moderator's token, which is not
    /// a reader's); a 401 `invalid_reader_token` when it carries a JWT that does not verify.
    func reader(of request: Request) async throws -> ReaderIdentity? {
        guard let token = Self.bearerJWT(request) else { return nil }
        let current = try await keys.active()
        if verifier?.keys != current {
            verifier = try await ReaderTokenVerifier(keys: current)
        }
        do {
            return try await verifier!.verify(token)
        } catch let error as ParleyError where error.code == "invalid_reader_token" {
            throw APIError(.unauthorized, code: error.code, error.message,
                           headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""])
        }
    }

    /// The bearer credential when it has a JWT's shape (three dot-separated parts); moderator
    /// tokens (`pk_...`) have no dots.
    static func bearerJWT(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        let credential = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard credential.filter({ $0 == "." }).count == 2 else { return nil }
        return credential
    }
}
