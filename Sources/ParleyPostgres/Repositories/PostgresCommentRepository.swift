import Foundation
import ParleyCore

public struct PostgresCommentRepository: CommentRepository {
    let database: PostgresDatabase

    public func postingContext(articleKey: String, parentID: Int64?, authorKey: String, identity: ReaderIdentity?,
                               facts: FactRequest, idempotency: IdempotencyKey?) async throws -> PostingContext {
        try await database.run { connection in
            var statements: [(sql: String, parameters: [(any PostgresBindable)?])] = [
                identity.map { (Self.signedInPostingContextSQL, [articleKey, parentID, $0.site, $0.subject]) }
                    ?? (Self.postingContextSQL, [articleKey, parentID, authorKey]),
            ]
            if !facts.isEmpty { statements.append(Self.factsStatement(facts, authorKey: authorKey, identity: identity, excluding: nil)) }
            if let idempotency { statements.append((Self.idempotencySQL, [idempotency.lookup])) }
            let results = try connection.pipeline(statements, plan: .generic)
            if let idempotency, let row = results.last?.first {
                let previous = try StoredAnswers.answer(hash: row.decode(0), status: row.decode(1), text: row.decode(2),
                                                        sealed: row.decode(3), key: idempotency)
                return PostingContext(article: nil, parent: nil, author: nil, answeredBefore: previous)
            }
            guard let row = results[0].first else {
                return PostingContext(article: nil, parent: nil, author: nil)
            }
            var reader = row.reader()
            let article = try Columns.article(&reader)
            let parent = try Columns.optional(&reader, width: Columns.commentWidth, Columns.comment)
            let author = try Columns.optional(&reader, width: Columns.authorWidth, Columns.author)
            let nameTaken: Bool = try reader.next()
            let known = facts.isEmpty ? .none : try Self.facts(from: results[1])
            return PostingContext(article: article, parent: parent, author: author, facts: known, nameTaken: nameTaken)
        }
    }

    /// With an Idempotency-Key: the first answer, if any.
    static let idempotencySQL = """
        SELECT s.request_hash, s.status, s.answer, s.sealed FROM idempotency_answers s WHERE s.lookup = $1
        """

    /// The article (without counts: posting needs none), the parent, the anonymous author of
    /// that name key, and whether a signed-in reader shows that name.
    static let postingContextSQL = """
        SELECT \(Columns.article(counted: false)), \(Columns.comment(c: "p")), \(Columns.author),
               EXISTS (SELECT 1 FROM authors v WHERE v.verified AND v.name_key = $3)
          FROM articles a
          LEFT JOIN comments p ON p.id = $2::int8
          LEFT JOIN authors au ON au.name_key = $3 AND au.sso_name IS NULL
         WHERE a.key = $1
        """

    /// The same for a signed-in reader: their record by identity ($3 key name, $4 subject);
    /// their own name is never "taken".
    static let signedInPostingContextSQL = """
        SELECT \(Columns.article(counted: false)), \(Columns.comment(c: "p")), \(Columns.author), false
          FROM articles a
          LEFT JOIN comments p ON p.id = $2::int8
          LEFT JOIN authors au ON au.sso_name = $3::text AND au.sso_subject = $4::text
         WHERE a.key = $1
        """

    /// One statement: the author's record, the comment and its log entry succeed or fail
    /// together. The author row is only touched when the article is open.
    public func insert(_ draft: CommentDraft) async throws -> Comment {
        let state = draft.decision.state
        let approved = state.isVisible ? 1 : 0
        let rejected = state == .rejected ? 1 : 0
        let spam = state == .spam ? 1 : 0
        let record = DecisionRecord(draft.decision)
        let parameters: [(any PostgresBindable)?] = [
            draft.authorName, draft.authorKey, draft.email, approved, rejected, spam, draft.trustPromotionThreshold,
            draft.articleID, draft.parentID, draft.body, draft.decision.censoredBody, state.rawValue, draft.ip,
            draft.editTokenHash, record.json, draft.decision.decidedBy, DecisionRecord.actorType(draft.decision),
            draft.decision.action.rawValue, draft.decision.reason, draft.createdAt, draft.fingerprint,
            draft.identity?.site, draft.identity?.subject, draft.id, draft.html,
        ] + (try draft.kept.map { [$0.key.lookup, $0.key.requestHash, $0.answer.status, try $0.key.seal($0.answer)] } ?? [])
            + [draft.notifyEmail]
        let sql = switch (draft.identity == nil, draft.kept == nil) {
        case (true, true): Self.insertSQL
        case (false, true): Self.signedInInsertSQL
        case (true, false): Self.keptInsertSQL
        case (false, false): Self.signedInKeptInsertSQL
        }
        return try await database.run { connection in
            let result: QueryResult
            do {
                result = try connection.query(sql, parameters, plan: .generic)
            } catch let error as PostgresError where error.constraint == "comments_parent_fk" {
                throw ParleyError.parentNotFound(draft.parentID ?? 0)
            } catch let error as PostgresError where error.constraint == "comments_body_not_empty" {
                throw ParleyError.invalid("The comment is empty.", code: "empty_body")
            }
            guard let row = result.first else {
                // Another request with the same Idempotency-Key committed first: its answer.
                if let kept = draft.kept, let previous = try StoredAnswers.stored(kept.key, on: connection) { throw previous }
                // The article closed (or vanished) between reading and writing.
                let key = try connection.query("SELECT key FROM articles WHERE id = $1", [draft.articleID]).first?.decode(0, as: String.self)
                throw key.map(ParleyError.articleClosed) ?? ParleyError.invalid("The article no longer exists.", code: "article_not_found")
            }
            var reader = row.reader()
            return try Columns.comment(&reader)
        }
    }

    /// Anonymous authors are one record per name key; signed-in readers one per identity
    /// ($22 key name, $23 subject), whose name follows their latest token.
    /// $25 is the rendered HTML. With an answer to keep ($26 lookup, $27 request hash, $28 status, $29 sealed answer),
    /// the answer's row comes first and everything else hangs on it: when another request with
    /// the key holds it, this statement waits for that one to commit and then stores nothing.
    /// The last parameter ($26, or $30 with an answer) is the address for reply notifications, or NULL.
    static let insertSQL = insertSQL(conflict: anonymousConflict, rename: "", kept: false)
    static let signedInInsertSQL = insertSQL(conflict: signedInConflict, rename: signedInRename, kept: false)
    static let keptInsertSQL = insertSQL(conflict: anonymousConflict, rename: "", kept: true)
    static let signedInKeptInsertSQL = insertSQL(conflict: signedInConflict, rename: signedInRename, kept: true)
    static let anonymousConflict = "(name_key) WHERE sso_name IS NULL"
    static let signedInConflict = "(sso_name, sso_subject) WHERE sso_name IS NOT NULL"
    static let signedInRename = "name = EXCLUDED.name, name_key = EXCLUDED.name_key,"

    static let claimCTE = """
        claim AS (
            INSERT INTO idempotency_answers (lookup, request_hash, status, answer)
            SELECT $26, $27, $28, $29 FROM open_article
            ON CONFLICT (lookup) DO NOTHING
            RETURNING lookup
        ), 
        """

    static func insertSQL(conflict: String, rename: String, kept: Bool) -> String { """
        WITH open_article AS (
            SELECT id FROM articles WHERE id = $8 AND status = 'open'
        ), \(kept ? claimCTE : "")author AS (
            INSERT INTO authors AS au (name, name_key, email, comment_count, approved_count, rejected_count, spam_count, trust,
                                       sso_name, sso_subject, verified)
            SELECT $1, $2, $3, 1, $4, $5, $6, CASE WHEN $4::int >= $7::int THEN 'regular' ELSE 'new' END,
                   $22::text, $23::text, $22::text IS NOT NULL
              FROM \(kept ? "claim" : "open_article")
            ON CONFLICT \(conflict) DO UPDATE SET \(rename)
                email = COALESCE(EXCLUDED.email, au.email),
                comment_count = au.comment_count + 1,
                approved_count = au.approved_count + EXCLUDED.approved_count,
                rejected_count = au.rejected_count + EXCLUDED.rejected_count,
                spam_count = au.spam_count + EXCLUDED.spam_count,
                trust = CASE WHEN au.trust = 'new' AND au.approved_count + EXCLUDED.approved_count >= $7::int
                             THEN 'regular' ELSE au.trust END,
                last_seen_at = now()
            RETURNING au.id, au.name, au.verified
        ), inserted AS (
            INSERT INTO comments (id, article_id, parent_id, author_id, author_name, body, censored_body, state, ip, edit_token_hash,
                                  moderation, decided_at, decided_by, created_at, body_fingerprint, decided_kind, author_verified,
                                  html, html_version)
            SELECT COALESCE($24::int8, nextval('comments_id_seq')), $8, $9, author.id, $1, $10, $11, $12, $13::inet, $14, $15::jsonb, now(), $16,
                   COALESCE($20::timestamptz, now()), $21, $17, author.verified,
                   $25::text, CASE WHEN $25::text IS NULL THEN 0 ELSE \(CommentRendering.version) END
              FROM author
            RETURNING id, article_id, parent_id, root_id, depth, author_id, author_name, body, censored_body, state,
                      score, deleted, created_at, edited_at, author_verified, html, html_version
        ), logged AS (
            INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action,
                                           to_state, reason, details)
            SELECT 'post', inserted.article_id, inserted.id, inserted.author_id, $17, $16, $18, inserted.state, $19, $15::jsonb
              FROM inserted
        ), subscribed AS (
            INSERT INTO reply_subscriptions (comment_id, address)
            SELECT inserted.id, $\(kept ? 30 : 26)::text FROM inserted WHERE $\(kept ? 30 : 26)::text IS NOT NULL
        )
        SELECT \(Columns.comment) FROM inserted c
        """
    }

    public func find(id: Int64) async throws -> Comment? {
        try await database.run { connection in
            guard let row = try connection.query(
                "SELECT \(Columns.comment) FROM comments c WHERE c.id = $1", [id]).first
            else { return nil }
            var reader = row.reader()
            return try Columns.comment(&reader)
        }
    }

    public func editingContext(id: Int64, facts: FactRequest) async throws -> EditingContext? {
        try await database.run { connection in
            var statements: [(sql: String, parameters: [(any PostgresBindable)?])] = [
                ("""
                SELECT \(Columns.comment), c.version, c.edit_token_hash, \(Columns.article), \(Columns.author)
                  FROM comments c
                  JOIN authors au ON au.id = c.author_id
                  JOIN articles a ON a.id = c.article_id
                 WHERE c.id = $1
                """, [id]),
            ]
            if !facts.isEmpty { statements.append(Self.factsStatement(facts, authorKey: nil, identity: nil, excluding: id)) }
            let results = try connection.pipeline(statements)
            guard let row = results[0].first else { return nil }
            var reader = row.reader()
            let comment = try Columns.comment(&reader)
            let version: Int = try reader.next()
            let tokenHash: String? = try reader.optional()
            let article = try Columns.article(&reader)
            let author = try Columns.author(&reader)
            let known = facts.isEmpty ? .none : try Self.facts(from: results[1])
            return EditingContext(comment: comment, version: version, article: article, author: author,
                                  editTokenHash: tokenHash, facts: known)
        }
    }

    public func applyEdit(_ edit: CommentEdit) async throws -> Comment {
        let record = DecisionRecord(edit.decision)
        let parameters: [(any PostgresBindable)?] = [
            edit.commentID, edit.expectedVersion, edit.editor.name, edit.body, edit.decision.censoredBody,
            edit.state.rawValue, record.json, edit.decision.decidedBy, edit.editor.kind.rawValue, edit.decision.action.rawValue,
            edit.decision.reason, edit.fingerprint,
        ] + (edit.state == .rejected ? [] : [edit.html])
        return try await database.run { connection in
            let result = try connection.query(edit.state == .rejected ? Self.refusedEditSQL : """
                WITH previous AS (
                    SELECT id, article_id, body, state FROM comments WHERE id = $1 AND version = $2 AND NOT deleted FOR UPDATE
                ), history AS (
                    INSERT INTO comment_edits (article_id, comment_id, body, state, editor)
                    SELECT article_id, id, body, state, $3 FROM previous
                ), updated AS (
                    UPDATE comments c SET body = $4, censored_body = $5, state = $6, edited_at = now(),
                           version = c.version + 1, moderation = $7::jsonb,
                           decided_at = CASE WHEN c.state IS DISTINCT FROM $6 THEN now() ELSE c.decided_at END,
                           decided_by = CASE WHEN c.state IS DISTINCT FROM $6 THEN $8 ELSE c.decided_by END,
                           decided_kind = CASE WHEN c.state IS DISTINCT FROM $6 THEN 'rules' ELSE c.decided_kind END,
                           body_fingerprint = COALESCE($12, c.body_fingerprint),
                           html = $13::text, html_version = CASE WHEN $13::text IS NULL THEN 0 ELSE \(CommentRendering.version) END
                      FROM previous WHERE c.id = previous.id
                    RETURNING c.*
                ), logged AS (
                    INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action,
                                                   from_state, to_state, reason, details)
                    SELECT 'edit', u.article_id, u.id, u.author_id, $9, $3, $10, p.state, u.state, $11, $7::jsonb
                      FROM updated u JOIN previous p ON p.id = u.id
                )
                SELECT \(Columns.comment) FROM updated c
                """, parameters)
            guard let row = result.first else {
                throw ParleyError(.conflict, code: "edit_conflict",
                                  "The comment \(edit.commentID) changed while it was being edited; read it again and retry.")
            }
            var reader = row.reader()
            return try Columns.comment(&reader)
        }
    }

    /// A rejected edit leaves the comment as it was: the refused text goes to its history (as
    /// `rejected`) and the log records the refusal. Same parameters as the edit.
    static let refusedEditSQL = """
        WITH current AS (
            SELECT id, article_id, author_id, state FROM comments WHERE id = $1 AND version = $2 AND NOT deleted FOR UPDATE
        ), history AS (
            INSERT INTO comment_edits (article_id, comment_id, body, state, editor)
            SELECT article_id, id, $4, $6, $3 FROM current
        ), logged AS (
            INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action,
                                           from_state, to_state, reason, details)
            SELECT 'edit', article_id, id, author_id, $9, $3, $10, state, state, $11,
                   $7::jsonb || jsonb_build_object('refused_body', $4::text, 'censored', $5::text, 'decided_by', $8::text,
                                                   'fingerprint', $12::text)
              FROM current
        )
        SELECT \(Columns.comment) FROM comments c JOIN current ON current.id = c.id
        """

    public func delete(id: Int64, actor: Actor) async throws -> Comment {
        try await database.run { connection in
            let result = try connection.query("""
                WITH updated AS (
                    UPDATE comments SET deleted = true, deleted_at = now(), version = version + 1
                     WHERE id = $1 AND NOT deleted
                    RETURNING *
                ), logged AS (
                    INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action, from_state, to_state)
                    SELECT 'delete', article_id, id, author_id, $2, $3, 'delete', state, state FROM updated
                )
                SELECT \(Columns.comment) FROM updated c
                """, [id, actor.kind.rawValue, actor.name])
            if let row = result.first {
                var reader = row.reader()
                return try Columns.comment(&reader)
            }
            let exists = try connection.query("SELECT 1 FROM comments WHERE id = $1", [id]).count > 0
            throw exists
                ? ParleyError(.conflict, code: "comment_deleted", "The comment \(id) is already deleted.")
                : ParleyError.commentNotFound(id)
        }
    }
}
