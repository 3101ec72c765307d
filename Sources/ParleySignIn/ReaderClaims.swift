import Foundation
import JWTKit

/// The claims of a reader's token (WEB.md "Reader sign-in"): `sub`, `name` and `exp` are
/// required, `email`, `iat` and `aud` optional. A token without a required claim does not
/// decode, so it never verifies.
struct ReaderClaims: JWTPayload {
    var sub: SubjectClaim
    var name: String
    var email: String?
    var exp: ExpirationClaim
    var iat: IssuedAtClaim?
    var aud: AudienceClaim?

    /// Expiry and audience are checked by `ReaderTokenVerifier`, which knows the time and the key.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
