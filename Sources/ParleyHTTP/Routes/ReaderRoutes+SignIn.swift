import Foundation
import Hummingbird
import ParleyCore
import ParleyPostgres

/// Reader sign-in on the writing routes: where an article requires it, anonymous writes are
/// refused with 401 `sign_in_required`.
extension ReaderWrites {
    /// The signed-in reader of a report or vote; anonymous ones are refused where the
    /// comment's article requires sign-in.
    func signedInWrite(_ request: Request, commentID id: Int64) async throws -> ReaderIdentity? {
        let reader = try await services.signIn.reader(of: request)
        if reader == nil, try await services.database.articles.signIn(commentID: id) == .required,
           let comment = try await services.database.comments.find(id: id),
           let key = try await services.database.articles.key(id: comment.articleID) {
            throw APIError.from(ParleyError.signInRequired(key))
        }
        return reader
    }

    func requireSignIn(_ article: Article, reader: ReaderIdentity?) throws {
        if reader == nil, article.signIn == .required { throw APIError.from(ParleyError.signInRequired(article.key)) }
    }
}
