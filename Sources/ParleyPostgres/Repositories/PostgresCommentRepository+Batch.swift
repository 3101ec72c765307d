import Foundation
import ParleyCore

/// Group commit's side of storage: the read before a batch, and the one statement that stores it.
extension PostgresCommentRepository {
    public func batchContext(_ posts: [BatchPostContextRequest]) async throws -> BatchPostContext {
        let anonymous = posts.filter { $0.identity == nil }.map(\.authorKey)
        let signedIn = posts.compactMap(\.identity)
        var statements: [(sql: String, parameters: [(any PostgresBindable)?])] = [
            (Self.reserveIDsSQL, [posts.count]),
            (Self.batchAuthorsSQL, [anonymous, signedIn.map(\.site), signedIn.map(\.subject)]),
        ]
        for post in posts where !post.facts.isEmpty {
            statements.append(Self.factsStatement(post.facts, authorKey: post.authorKey, identity: post.identity, excluding: nil))
        }
        return try await database.run { [statements] connection in
            let results = try connection.pipeline(statements, plan: .generic)
            let ids = try results[0].rows.map { try $0.decode(0, as: Int64.self) }.sorted()
            var anonymousAuthors: [String: Author] = [:]
            var signedInAuthors: [String: Author] = [:]
            for row in results[1].rows {
                var reader = row.reader()
                let author = try Columns.author(&reader)
                let nameKey: String = try reader.next()
                if let site: String = try reader.optional(), let subject: String = try reader.optional() {
                    signedInAuthors[site + "\u{0}" + subject] = author
                } else {
                    anonymousAuthors[nameKey] = author
                }
            }
            var facts: [ModerationFacts] = []
            var next = 2
            for post in posts {
                if post.facts.isEmpty {
                    facts.append(.none)
                } else {
                    facts.append(try Self.facts(from: results[next]))
                    next += 1
                }
            }
            let authors = posts.map { post in
                post.identity.map { signedInAuthors[$0.site + "\u{0}" + $0.subject] } ?? anonymousAuthors[post.authorKey]
            }
            return BatchPostContext(facts: facts, authors: authors, ids: ids)
        }
    }

    static let reserveIDsSQL = "SELECT nextval('comments_id_seq') FROM generate_series(1, $1::int)"

    static let batchAuthorsSQL = """
        SELECT \(Columns.author), au.name_key, au.sso_name, au.sso_subject
          FROM authors au
         WHERE (au.sso_name IS NULL AND au.name_key = ANY ($1::text[]))
            OR (au.sso_name IS NOT NULL
                AND (au.sso_name, au.sso_subject) IN (SELECT * FROM unnest($2::text[], $3::text[])))
        """

    public func insertBatch(_ drafts: [CommentDraft]) async throws -> [Result<Comment, any Error>] {
        let parameters = try Self.batchParameters(drafts)
        let attempt = try await database.run { connection -> Result<[Int64: Comment], PostgresError> in
            do {
                var comments: [Int64: Comment] = [:]
                for row in try connection.query(Self.insertBatchSQL, parameters, plan: .generic).rows {
                    var reader = row.reader()
                    let comment = try Columns.comment(&reader)
                    comments[comment.id] = comment
                }
                return .success(comments)
            } catch let error as PostgresError where error.kind == .server && !error.meansServerUnavailable {
                return .failure(error)
            }
        }
        guard case .success(let stored) = attempt else {
            // One draft broke the statement (a parent purged meanwhile, a deadlock with another
            // writer): nothing was stored, so each goes again alone and fails alone.
            var outcomes: [Result<Comment, any Error>] = []
            for draft in drafts {
                do { outcomes.append(.success(try await insert(draft))) } catch { outcomes.append(.failure(error)) }
            }
            return outcomes
        }
        var outcomes: [Result<Comment, any Error>] = []
        for draft in drafts {
            if let id = draft.id, let comment = stored[id] {
                outcomes.append(.success(comment))
            } else {
                outcomes.append(.failure(await notStored(draft)))
            }
        }
        return outcomes
    }

    /// Why a draft's row is missing after its batch committed: another request with its
    /// Idempotency-Key got there first, or its article closed (or vanished).
    func notStored(_ draft: CommentDraft) async -> any Error {
        do {
            return try await database.run { connection in
                if let kept = draft.kept, let previous = try StoredAnswers.stored(kept.key, on: connection) { return previous }
                let key = try connection.query("SELECT key FROM articles WHERE id = $1", [draft.articleID]).first?.decode(0, as: String.self)
                return key.map(ParleyError.articleClosed) ?? ParleyError.invalid("The article no longer exists.", code: "article_not_found")
            }
        } catch {
            return error
        }
    }
}
