import Foundation
import ParleyCore

/// The statement that stores a batch of posts: every column an array with one element per
/// post, in order, unnested into rows; then set-based steps as in the one-post insert.
extension PostgresCommentRepository {
    static func batchParameters(_ drafts: [CommentDraft]) throws -> [(any PostgresBindable)?] {
        func column<T: PostgresBindable>(_ value: (CommentDraft) throws -> T) rethrows -> [T] { try drafts.map(value) }
        func nullable<T: PostgresBindable>(_ value: (CommentDraft) throws -> T?) rethrows -> NullableArray<T> {
            NullableArray(try drafts.map(value))
        }
        let threshold = drafts.first?.trustPromotionThreshold ?? 0
        return [
            column { $0.id ?? 0 }, column(\.articleID), nullable(\.parentID), column(\.authorName), column(\.authorKey),
            nullable(\.email), column(\.body), nullable(\.decision.censoredBody), column(\.decision.state.rawValue), nullable(\.ip),
            nullable(\.editTokenHash), column { DecisionRecord($0.decision).json }, column(\.decision.decidedBy),
            column { DecisionRecord.actorType($0.decision) }, column(\.decision.action.rawValue), nullable(\.decision.reason),
            nullable(\.createdAt), nullable(\.fingerprint), nullable(\.identity?.site), nullable(\.identity?.subject),
            nullable(\.html), column { $0.decision.state.isVisible ? 1 : 0 }, column { $0.decision.state == .rejected ? 1 : 0 },
            column { $0.decision.state == .spam ? 1 : 0 }, nullable(\.kept?.key.lookup), nullable(\.kept?.key.requestHash),
            nullable(\.kept?.answer.status), try nullable { try $0.kept.map { try $0.key.seal($0.answer) } }, threshold,
            nullable(\.notifyEmail),
        ]
    }

    /// Authors are upserted once per author in the batch with the batch's totals (an upsert
    /// cannot touch a row twice), in key order so two writers lock them in the same order.
    /// A post whose article is closed stores nothing; one whose Idempotency-Key is held
    /// stores nothing (the claim waits for the holder to commit). The caller sorts those out.
    /// $30 holds, per post, the address for reply notifications when its author asked for them.
    static let insertBatchSQL = """
        WITH post AS (
            SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                                 $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
                                 $16::text[], $17::timestamptz[], $18::text[], $19::text[], $20::text[], $21::text[], $22::int[],
                                 $23::int[], $24::int[], $25::text[], $26::text[], $27::int[], $28::text[], $30::text[])
                WITH ORDINALITY AS p(id, article_id, parent_id, author_name, author_key, email, body, censored_body, state, ip,
                                     edit_token_hash, moderation, decided_by, decided_kind, action, reason, created_at, fingerprint,
                                     sso_name, sso_subject, html, approved, rejected, spam, lookup, request_hash, answer_status,
                                     answer, notify_email, n)
        ), open_post AS (
            SELECT p.* FROM post p JOIN articles a ON a.id = p.article_id AND a.status = 'open'
        ), claim AS (
            INSERT INTO idempotency_answers (lookup, request_hash, status, answer)
            SELECT lookup, request_hash, answer_status, answer FROM open_post WHERE lookup IS NOT NULL ORDER BY n
            ON CONFLICT (lookup) DO NOTHING
            RETURNING lookup
        ), accepted AS (
            SELECT p.* FROM open_post p WHERE p.lookup IS NULL OR p.lookup IN (SELECT lookup FROM claim)
        ), anonymous_author AS (
            INSERT INTO authors AS au (name, name_key, email, comment_count, approved_count, rejected_count, spam_count, trust,
                                       sso_name, sso_subject, verified)
            SELECT (array_agg(author_name ORDER BY n))[1], author_key,
                   (array_agg(email ORDER BY n DESC) FILTER (WHERE email IS NOT NULL))[1],
                   count(*), sum(approved), sum(rejected), sum(spam),
                   CASE WHEN sum(approved) >= $29::int THEN 'regular' ELSE 'new' END, NULL, NULL, false
              FROM accepted WHERE sso_name IS NULL
             GROUP BY author_key ORDER BY author_key
            ON CONFLICT (name_key) WHERE sso_name IS NULL DO UPDATE SET
        \(batchAuthorCounts)
            RETURNING au.id, au.verified, au.name_key AS author_key, au.sso_name, au.sso_subject
        ), signed_in_author AS (
            INSERT INTO authors AS au (name, name_key, email, comment_count, approved_count, rejected_count, spam_count, trust,
                                       sso_name, sso_subject, verified)
            SELECT (array_agg(author_name ORDER BY n DESC))[1], (array_agg(author_key ORDER BY n DESC))[1],
                   (array_agg(email ORDER BY n DESC) FILTER (WHERE email IS NOT NULL))[1],
                   count(*), sum(approved), sum(rejected), sum(spam),
                   CASE WHEN sum(approved) >= $29::int THEN 'regular' ELSE 'new' END, sso_name, sso_subject, true
              FROM accepted WHERE sso_name IS NOT NULL
             GROUP BY sso_name, sso_subject ORDER BY sso_name, sso_subject
            ON CONFLICT (sso_name, sso_subject) WHERE sso_name IS NOT NULL DO UPDATE SET
                name = EXCLUDED.name, name_key = EXCLUDED.name_key,
        \(batchAuthorCounts)
            RETURNING au.id, au.verified, au.name_key AS author_key, au.sso_name, au.sso_subject
        ), author AS (
            SELECT * FROM anonymous_author UNION ALL SELECT * FROM signed_in_author
        ), inserted AS (
            INSERT INTO comments (id, article_id, parent_id, author_id, author_name, body, censored_body, state, ip, edit_token_hash,
                                  moderation, decided_at, decided_by, created_at, body_fingerprint, decided_kind, author_verified,
                                  html, html_version)
            SELECT p.id, p.article_id, p.parent_id, au.id, p.author_name, p.body, p.censored_body, p.state, p.ip::inet,
                   p.edit_token_hash, p.moderation::jsonb, now(), p.decided_by, COALESCE(p.created_at, now()), p.fingerprint,
                   p.decided_kind, au.verified, p.html, CASE WHEN p.html IS NULL THEN 0 ELSE \(CommentRendering.version) END
              FROM accepted p
              JOIN author au ON CASE WHEN p.sso_name IS NULL THEN au.sso_name IS NULL AND au.author_key = p.author_key
                                     ELSE au.sso_name = p.sso_name AND au.sso_subject = p.sso_subject END
             ORDER BY p.n
            RETURNING id, article_id, parent_id, root_id, depth, author_id, author_name, body, censored_body, state,
                      score, deleted, created_at, edited_at, author_verified, html, html_version
        ), logged AS (
            INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action,
                                           to_state, reason, details)
            SELECT 'post', i.article_id, i.id, i.author_id, p.decided_kind, p.decided_by, p.action, i.state, p.reason,
                   p.moderation::jsonb
              FROM inserted i JOIN accepted p ON p.id = i.id
        ), subscribed AS (
            INSERT INTO reply_subscriptions (comment_id, address)
            SELECT i.id, p.notify_email FROM inserted i JOIN accepted p ON p.id = i.id WHERE p.notify_email IS NOT NULL
        )
        SELECT \(Columns.comment) FROM inserted c
        """

    /// An existing author's counts after the batch (its totals are `EXCLUDED`).
    static let batchAuthorCounts = """
                email = COALESCE(EXCLUDED.email, au.email),
                comment_count = au.comment_count + EXCLUDED.comment_count,
                approved_count = au.approved_count + EXCLUDED.approved_count,
                rejected_count = au.rejected_count + EXCLUDED.rejected_count,
                spam_count = au.spam_count + EXCLUDED.spam_count,
                trust = CASE WHEN au.trust = 'new' AND au.approved_count + EXCLUDED.approved_count >= $29::int
                             THEN 'regular' ELSE au.trust END,
                last_seen_at = now()
        """
}
