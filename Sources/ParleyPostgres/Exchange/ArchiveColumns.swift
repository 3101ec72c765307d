import Foundation
import ParleyCore

/// The SELECT lists of full rows and their decoders from binary COPY rows. COPY sends no
/// types, so each decoder names the type its column has in the list above it.
enum ArchiveColumns {
    typealias T = PostgresType

    static let ruleset = "r.version, r.source, r.checksum, r.rule_count, r.applied_at, r.applied_by"

    static func ruleset(_ reader: inout CopyRowReader) throws -> RulesetRecord {
        RulesetRecord(version: try reader.next(T.int4), source: try reader.next(T.text), checksum: try reader.next(T.text),
                      ruleCount: try reader.next(T.int4), appliedAt: try reader.next(T.timestamptz),
                      appliedBy: try reader.next(T.text))
    }

    static let article = """
        a.id, a.key, a.title, a.url, a.tags, a.mode, a.status, a.published_at, a.created_at, a.updated_at,
        a.source, a.source_id
        """

    static func article(_ reader: inout CopyRowReader) throws -> ArticleRecord {
        ArticleRecord(id: try reader.next(T.int8), key: try reader.next(T.text), title: try reader.next(T.text),
                      url: try reader.optional(T.text), tags: try reader.next(T.textArray), mode: try reader.next(T.text),
                      status: try reader.next(T.text), publishedAt: try reader.optional(T.timestamptz),
                      createdAt: try reader.next(T.timestamptz), updatedAt: try reader.next(T.timestamptz),
                      source: try reader.optional(T.text), sourceId: try reader.optional(T.text))
    }

    static let author = """
        au.id, au.name, au.name_key, au.email, au.trust, au.comment_count, au.approved_count, au.rejected_count,
        au.spam_count, au.banned_until, au.ban_reason, au.banned_by, au.first_seen_at, au.last_seen_at,
        au.source, au.source_id
        """

    static func author(_ reader: inout CopyRowReader) throws -> AuthorRecord {
        AuthorRecord(id: try reader.next(T.int8), name: try reader.next(T.text), nameKey: try reader.next(T.text),
                     email: try reader.optional(T.text), trust: try reader.next(T.text),
                     commentCount: try reader.next(T.int4), approvedCount: try reader.next(T.int4),
                     rejectedCount: try reader.next(T.int4), spamCount: try reader.next(T.int4),
                     bannedUntil: try reader.optional(T.timestamptz), banReason: try reader.optional(T.text),
                     bannedBy: try reader.optional(T.text), firstSeenAt: try reader.next(T.timestamptz),
                     lastSeenAt: try reader.next(T.timestamptz), source: try reader.optional(T.text),
                     sourceId: try reader.optional(T.text))
    }

    /// `ip` and `moderation` leave as text: an address keeps its mask, jsonb its canonical form.
    static let comment = """
        c.id, c.article_id, c.parent_id, c.depth, c.author_id, c.author_name, c.body, c.censored_body, c.state,
        c.score, c.upvotes, c.downvotes, c.deleted, c.created_at, c.edited_at, c.deleted_at, c.decided_at,
        c.decided_by, c.decided_kind, c.ip::text, c.edit_token_hash, c.body_fingerprint, c.moderation::text,
        c.version, c.source, c.source_id
        """

    static func comment(_ reader: inout CopyRowReader) throws -> CommentRecord {
        CommentRecord(
            id: try reader.next(T.int8), articleId: try reader.next(T.int8), parentId: try reader.optional(T.int8),
            depth: try reader.next(T.int4), authorId: try reader.next(T.int8), authorName: try reader.next(T.text),
            body: try reader.next(T.text), censoredBody: try reader.optional(T.text), state: try reader.next(T.text),
            score: try reader.next(T.int4), upvotes: try reader.next(T.int4), downvotes: try reader.next(T.int4),
            deleted: try reader.next(T.bool), createdAt: try reader.next(T.timestamptz),
            editedAt: try reader.optional(T.timestamptz), deletedAt: try reader.optional(T.timestamptz),
            decidedAt: try reader.optional(T.timestamptz), decidedBy: try reader.optional(T.text),
            decidedKind: try reader.optional(T.text), ip: try reader.optional(T.text),
            editTokenHash: try reader.optional(T.text), bodyFingerprint: try reader.optional(T.text),
            moderation: try reader.next(T.text), version: try reader.next(T.int4), source: try reader.optional(T.text),
            sourceId: try reader.optional(T.text))
    }

    static let edit = "e.id, e.article_id, e.comment_id, e.body, e.state, e.edited_at, e.editor"

    static func edit(_ reader: inout CopyRowReader) throws -> EditRecord {
        EditRecord(id: try reader.next(T.int8), articleId: try reader.next(T.int8), commentId: try reader.next(T.int8),
                   body: try reader.next(T.text), state: try reader.next(T.text), editedAt: try reader.next(T.timestamptz),
                   editor: try reader.optional(T.text))
    }

    static let vote = "v.article_id, v.comment_id, v.voter_key, v.voter, v.value, v.created_at, v.updated_at"

    static func vote(_ reader: inout CopyRowReader) throws -> VoteRecord {
        VoteRecord(articleId: try reader.next(T.int8), commentId: try reader.next(T.int8), voterKey: try reader.next(T.text),
                   voter: try reader.next(T.text), value: try reader.next(T.int2), createdAt: try reader.next(T.timestamptz),
                   updatedAt: try reader.next(T.timestamptz))
    }

    static let report = """
        r.id, r.article_id, r.comment_id, r.reporter_key, r.reporter, r.reason, r.created_at, r.resolved_at,
        r.resolution, r.resolved_by
        """

    static func report(_ reader: inout CopyRowReader) throws -> ReportRecord {
        ReportRecord(id: try reader.next(T.int8), articleId: try reader.next(T.int8), commentId: try reader.next(T.int8),
                     reporterKey: try reader.next(T.text), reporter: try reader.optional(T.text),
                     reason: try reader.next(T.text), createdAt: try reader.next(T.timestamptz),
                     resolvedAt: try reader.optional(T.timestamptz), resolution: try reader.optional(T.text),
                     resolvedBy: try reader.optional(T.text))
    }

    static let event = """
        m.id, m.at, m.kind, m.article_id, m.comment_id, m.author_id, m.actor_type, m.actor, m.action, m.from_state,
        m.to_state, m.reason, m.details::text
        """

    static func event(_ reader: inout CopyRowReader) throws -> EventRecord {
        EventRecord(id: try reader.next(T.int8), at: try reader.next(T.timestamptz), kind: try reader.next(T.text),
                    articleId: try reader.optional(T.int8), commentId: try reader.optional(T.int8),
                    authorId: try reader.optional(T.int8), actorType: try reader.next(T.text),
                    actor: try reader.optional(T.text), action: try reader.optional(T.text),
                    fromState: try reader.optional(T.text), toState: try reader.optional(T.text),
                    reason: try reader.optional(T.text), details: try reader.next(T.text))
    }
}
