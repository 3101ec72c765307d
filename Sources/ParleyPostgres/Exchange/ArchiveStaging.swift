import Foundation
import ParleyCore

/// Temporary tables an archive import fills with COPY before merging them into the real
/// ones in a few set-based statements. Timestamps travel as microseconds since 1970 (exact,
/// and cheap to print); `infinity` as the largest bigint.
enum ArchiveStaging {
    static let tables = """
        CREATE TEMP TABLE s_rulesets (version int, source text, checksum text, rule_count int, applied_at int8,
            applied_by text) ON COMMIT DROP;
        CREATE TEMP TABLE s_articles (id int8, key text, title text, url text, tags text[], mode text, status text,
            published_at int8, created_at int8, updated_at int8, source text, source_id text) ON COMMIT DROP;
        CREATE TEMP TABLE s_authors (id int8, name text, name_key text, email text, trust text, comment_count int,
            approved_count int, rejected_count int, spam_count int, banned_until int8, ban_reason text, banned_by text,
            first_seen_at int8, last_seen_at int8, source text, source_id text) ON COMMIT DROP;
        CREATE TEMP TABLE s_comments (id int8, article_id int8, parent_id int8, author_id int8, author_name text,
            body text, censored_body text, state text, score int, upvotes int, downvotes int, deleted bool,
            created_at int8, edited_at int8, deleted_at int8, decided_at int8, decided_by text, decided_kind text,
            ip text, edit_token_hash text, body_fingerprint text, moderation text, version int, source text,
            source_id text, line int8) ON COMMIT DROP;
        CREATE TEMP TABLE s_edits (id int8, article_id int8, comment_id int8, body text, state text, edited_at int8,
            editor text) ON COMMIT DROP;
        CREATE TEMP TABLE s_votes (article_id int8, comment_id int8, voter_key text, voter text, value int2,
            created_at int8, updated_at int8) ON COMMIT DROP;
        CREATE TEMP TABLE s_reports (id int8, article_id int8, comment_id int8, reporter_key text, reporter text,
            reason text, created_at int8, resolved_at int8, resolution text, resolved_by text) ON COMMIT DROP;
        CREATE TEMP TABLE s_events (id int8, at int8, kind text, article_id int8, comment_id int8, author_id int8,
            actor_type text, actor text, action text, from_state text, to_state text, reason text, details text)
            ON COMMIT DROP;
        """

    enum Kind: String, CaseIterable {
        case ruleset = "s_rulesets", article = "s_articles", author = "s_authors", comment = "s_comments"
        case edit = "s_edits", vote = "s_votes", report = "s_reports", event = "s_events"
    }

    static func kind(of record: ArchiveRecord) -> Kind {
        switch record {
        case .ruleset: .ruleset
        case .article: .article
        case .author: .author
        case .comment: .comment
        case .edit: .edit
        case .vote: .vote
        case .report: .report
        case .event: .event
        }
    }

    /// The staging row of a record, in the column order of its table above.
    static func row(_ record: ArchiveRecord, line: Int) -> [String?] {
        switch record {
        case .ruleset(let r):
            [String(r.version), r.source, r.checksum, String(r.ruleCount), micros(r.appliedAt), r.appliedBy]
        case .article(let a):
            [String(a.id), a.key, a.title, a.url, a.tags.postgresText, a.mode, a.status, micros(a.publishedAt),
             micros(a.createdAt), micros(a.updatedAt), a.source, a.sourceId]
        case .author(let a):
            [String(a.id), a.name, a.nameKey, a.email, a.trust, String(a.commentCount), String(a.approvedCount),
             String(a.rejectedCount), String(a.spamCount), micros(a.bannedUntil), a.banReason, a.bannedBy,
             micros(a.firstSeenAt), micros(a.lastSeenAt), a.source, a.sourceId]
        case .comment(let c):
            [String(c.id), String(c.articleId), c.parentId.map { String($0) }, String(c.authorId), c.authorName, c.body,
             c.censoredBody, c.state, String(c.score), String(c.upvotes), String(c.downvotes), c.deleted ? "t" : "f",
             micros(c.createdAt), micros(c.editedAt), micros(c.deletedAt), micros(c.decidedAt), c.decidedBy,
             c.decidedKind, c.ip, c.editTokenHash, c.bodyFingerprint, c.moderation, String(c.version), c.source,
             c.sourceId, String(line)]
        case .edit(let e):
            [String(e.id), String(e.articleId), String(e.commentId), e.body, e.state, micros(e.editedAt), e.editor]
        case .vote(let v):
            [String(v.articleId), String(v.commentId), v.voterKey, v.voter, String(v.value), micros(v.createdAt),
             micros(v.updatedAt)]
        case .report(let r):
            [String(r.id), String(r.articleId), String(r.commentId), r.reporterKey, r.reporter, r.reason,
             micros(r.createdAt), micros(r.resolvedAt), r.resolution, r.resolvedBy]
        case .event(let e):
            [String(e.id), micros(e.at), e.kind, e.articleId.map { String($0) }, e.commentId.map { String($0) },
             e.authorId.map { String($0) }, e.actorType, e.actor, e.action, e.fromState, e.toState, e.reason, e.details]
        }
    }

    static func micros(_ date: Date?) -> String? {
        guard let date else { return nil }
        if date == .distantFuture { return String(Int64.max) }
        if date == .distantPast { return String(Int64.min) }
        return String(PostgresTime.microsecondsSince1970(date))
    }

    /// SQL turning a staged microsecond column back into a timestamptz.
    static func time(_ column: String) -> String {
        """
        CASE \(column) WHEN 9223372036854775807 THEN 'infinity'::timestamptz \
        WHEN -9223372036854775808 THEN '-infinity'::timestamptz \
        ELSE 'epoch'::timestamptz + \(column) * interval '1 microsecond' END
        """
    }
}

/// Feeds archive records into the staging tables, one COPY per run of records of a kind.
final class ArchiveStagingSink: ArchiveSink {
    let connection: PostgresConnection
    private var current: (kind: ArchiveStaging.Kind, stream: CopyInStream)?
    private(set) var staged: [ArchiveStaging.Kind: Int] = [:]
    /// Whether comments arrived with rising ids (as parley writes them): they can then be
    /// inserted in the order they were staged, without sorting the whole table.
    private(set) var commentsInIDOrder = true
    private var lastCommentID = Int64.min

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    func append(_ record: ArchiveRecord, line: Int) throws {
        let kind = ArchiveStaging.kind(of: record)
        if current?.kind != kind {
            try finish()
            current = (kind, try connection.beginCopyIn("COPY \(kind.rawValue) FROM STDIN"))
        }
        if case .comment(let comment) = record {
            if comment.id <= lastCommentID { commentsInIDOrder = false }
            lastCommentID = comment.id
        }
        try current!.stream.row(ArchiveStaging.row(record, line: line))
        staged[kind, default: 0] += 1
    }

    func finish() throws {
        guard let open = current else { return }
        current = nil
        try open.stream.finish()
    }

    func abort() {
        current?.stream.abort()
        current = nil
    }
}
