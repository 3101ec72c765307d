import Foundation
import ParleyCore

/// `parley`: the lossless archive. JSON Lines: a header, then every row of every table, one
/// per line with its `type`, in the order storage streams them. Members are written in a
/// fixed order and timestamps to the microsecond, so the same data always gives the same bytes.
final class ArchiveWriter {
    static let header = #"{"type":"parley-archive","version":1}"#

    var out: OutputBuffer
    private(set) var comments = 0

    init(sink: any ExportSink) {
        out = OutputBuffer(sink: sink)
    }

    func begin() throws {
        out.append(Self.header)
        out.append(0x0A)
    }

    func write(_ record: ArchiveRecord) throws {
        switch record {
        case .ruleset(let r):
            open("ruleset")
            out.appendKey("version"); out.append(integer: r.version)
            out.appendKey("source"); out.appendJSON(r.source)
            out.appendKey("checksum"); out.appendJSON(r.checksum)
            out.appendKey("rule_count"); out.append(integer: r.ruleCount)
            out.appendKey("applied_at"); out.appendJSON(r.appliedAt)
            out.appendKey("applied_by"); out.appendJSON(r.appliedBy)
        case .article(let a):
            open("article")
            out.appendKey("id"); out.append(integer: a.id)
            out.appendKey("key"); out.appendJSON(a.key)
            out.appendKey("title"); out.appendJSON(a.title)
            out.appendKey("url"); out.appendJSON(a.url)
            out.appendKey("tags"); out.appendJSON(a.tags)
            out.appendKey("mode"); out.appendJSON(a.mode)
            out.appendKey("status"); out.appendJSON(a.status)
            out.appendKey("published_at"); out.appendJSON(a.publishedAt)
            out.appendKey("created_at"); out.appendJSON(a.createdAt)
            out.appendKey("updated_at"); out.appendJSON(a.updatedAt)
            out.appendKey("source"); out.appendJSON(a.source)
            out.appendKey("source_id"); out.appendJSON(a.sourceId)
        case .author(let a):
            open("author")
            out.appendKey("id"); out.append(integer: a.id)
            out.appendKey("name"); out.appendJSON(a.name)
            out.appendKey("name_key"); out.appendJSON(a.nameKey)
            out.appendKey("email"); out.appendJSON(a.email)
            out.appendKey("trust"); out.appendJSON(a.trust)
            out.appendKey("comment_count"); out.append(integer: a.commentCount)
            out.appendKey("approved_count"); out.append(integer: a.approvedCount)
            out.appendKey("rejected_count"); out.append(integer: a.rejectedCount)
            out.appendKey("spam_count"); out.append(integer: a.spamCount)
            out.appendKey("banned_until"); out.appendJSON(a.bannedUntil)
            out.appendKey("ban_reason"); out.appendJSON(a.banReason)
            out.appendKey("banned_by"); out.appendJSON(a.bannedBy)
            out.appendKey("first_seen_at"); out.appendJSON(a.firstSeenAt)
            out.appendKey("last_seen_at"); out.appendJSON(a.lastSeenAt)
            out.appendKey("source"); out.appendJSON(a.source)
            out.appendKey("source_id"); out.appendJSON(a.sourceId)
        case .comment(let c):
            comments += 1
            open("comment")
            out.appendKey("id"); out.append(integer: c.id)
            out.appendKey("article_id"); out.append(integer: c.articleId)
            out.appendKey("parent_id"); out.appendJSON(c.parentId)
            out.appendKey("depth"); out.append(integer: c.depth)
            out.appendKey("author_id"); out.append(integer: c.authorId)
            out.appendKey("author_name"); out.appendJSON(c.authorName)
            out.appendKey("body"); out.appendJSON(c.body)
            out.appendKey("censored_body"); out.appendJSON(c.censoredBody)
            out.appendKey("state"); out.appendJSON(c.state)
            out.appendKey("score"); out.append(integer: c.score)
            out.appendKey("upvotes"); out.append(integer: c.upvotes)
            out.appendKey("downvotes"); out.append(integer: c.downvotes)
            out.appendKey("deleted"); out.appendJSON(c.deleted)
            out.appendKey("created_at"); out.appendJSON(c.createdAt)
            out.appendKey("edited_at"); out.appendJSON(c.editedAt)
            out.appendKey("deleted_at"); out.appendJSON(c.deletedAt)
            out.appendKey("decided_at"); out.appendJSON(c.decidedAt)
            out.appendKey("decided_by"); out.appendJSON(c.decidedBy)
            out.appendKey("decided_kind"); out.appendJSON(c.decidedKind)
            out.appendKey("ip"); out.appendJSON(c.ip)
            out.appendKey("edit_token_hash"); out.appendJSON(c.editTokenHash)
            out.appendKey("body_fingerprint"); out.appendJSON(c.bodyFingerprint)
            out.appendKey("moderation"); out.appendJSON(c.moderation)
            out.appendKey("version"); out.append(integer: c.version)
            out.appendKey("source"); out.appendJSON(c.source)
            out.appendKey("source_id"); out.appendJSON(c.sourceId)
        case .edit(let e):
            open("edit")
            out.appendKey("id"); out.append(integer: e.id)
            out.appendKey("article_id"); out.append(integer: e.articleId)
            out.appendKey("comment_id"); out.append(integer: e.commentId)
            out.appendKey("body"); out.appendJSON(e.body)
            out.appendKey("state"); out.appendJSON(e.state)
            out.appendKey("edited_at"); out.appendJSON(e.editedAt)
            out.appendKey("editor"); out.appendJSON(e.editor)
        case .vote(let v):
            open("vote")
            out.appendKey("article_id"); out.append(integer: v.articleId)
            out.appendKey("comment_id"); out.append(integer: v.commentId)
            out.appendKey("voter_key"); out.appendJSON(v.voterKey)
            out.appendKey("voter"); out.appendJSON(v.voter)
            out.appendKey("value"); out.append(integer: v.value)
            out.appendKey("created_at"); out.appendJSON(v.createdAt)
            out.appendKey("updated_at"); out.appendJSON(v.updatedAt)
        case .report(let r):
            open("report")
            out.appendKey("id"); out.append(integer: r.id)
            out.appendKey("article_id"); out.append(integer: r.articleId)
            out.appendKey("comment_id"); out.append(integer: r.commentId)
            out.appendKey("reporter_key"); out.appendJSON(r.reporterKey)
            out.appendKey("reporter"); out.appendJSON(r.reporter)
            out.appendKey("reason"); out.appendJSON(r.reason)
            out.appendKey("created_at"); out.appendJSON(r.createdAt)
            out.appendKey("resolved_at"); out.appendJSON(r.resolvedAt)
            out.appendKey("resolution"); out.appendJSON(r.resolution)
            out.appendKey("resolved_by"); out.appendJSON(r.resolvedBy)
        case .event(let e):
            open("event")
            out.appendKey("id"); out.append(integer: e.id)
            out.appendKey("at"); out.appendJSON(e.at)
            out.appendKey("kind"); out.appendJSON(e.kind)
            out.appendKey("article_id"); out.appendJSON(e.articleId)
            out.appendKey("comment_id"); out.appendJSON(e.commentId)
            out.appendKey("author_id"); out.appendJSON(e.authorId)
            out.appendKey("actor_type"); out.appendJSON(e.actorType)
            out.appendKey("actor"); out.appendJSON(e.actor)
            out.appendKey("action"); out.appendJSON(e.action)
            out.appendKey("from_state"); out.appendJSON(e.fromState)
            out.appendKey("to_state"); out.appendJSON(e.toState)
            out.appendKey("reason"); out.appendJSON(e.reason)
            out.appendKey("details"); out.appendJSON(e.details)
        }
        out.append("}\n")
        try out.flushIfFull()
    }

    func finish() throws {
        try out.flush()
    }

    private func open(_ type: StaticString) {
        out.append(#"{"type":""#)
        out.append(type)
        out.append(UInt8(ascii: "\""))
    }
}
