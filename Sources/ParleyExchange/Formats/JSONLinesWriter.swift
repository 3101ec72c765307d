import Foundation
import ParleyCore

/// `jsonl`: one comment per line, flat, with its parent's id and its article's key.
final class JSONLinesWriter: ThreadWriter {
    let context: ExportContext
    var out: OutputBuffer
    let keys: [Int64: String]

    init(context: ExportContext, sink: any ExportSink) {
        self.context = context
        out = OutputBuffer(sink: sink)
        keys = Dictionary(context.articles.map { ($0.id, $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    func begin() throws {}

    func write(_ record: CommentRecord, tombstone: Bool) throws {
        let comment = ExportedComment(record, tombstone: tombstone, articleKey: keys[record.articleId] ?? "",
                                      moderatorView: context.isModeratorView)
        CommentJSON.appendObject(comment, moderatorView: context.isModeratorView, to: &out, close: true)
        out.append(0x0A)
        try out.flushIfFull()
    }

    func finish() throws {
        try out.flush()
    }
}

/// The members of a comment in `json` and `jsonl`, in a fixed order.
enum CommentJSON {
    static func appendObject(_ comment: ExportedComment, moderatorView: Bool, to out: inout OutputBuffer, close: Bool) {
        out.append(UInt8(ascii: "{"))
        out.appendKey("id", first: true)
        out.append(integer: comment.id)
        out.appendKey("article")
        out.appendJSON(comment.articleKey)
        out.appendKey("parent_id")
        out.appendJSON(comment.parentID)
        out.appendKey("depth")
        out.append(integer: comment.depth)
        out.appendKey("author")
        out.appendJSON(comment.author)
        out.appendKey("body")
        out.appendJSON(comment.body)
        out.appendKey("created_at")
        out.appendJSON(comment.createdAt)
        out.appendKey("edited_at")
        out.appendJSON(comment.editedAt)
        out.appendKey("score")
        out.append(integer: comment.score)
        out.appendKey("upvotes")
        out.append(integer: comment.upvotes)
        out.appendKey("downvotes")
        out.append(integer: comment.downvotes)
        out.appendKey("deleted")
        out.appendJSON(comment.deleted)
        if moderatorView {
            let record = comment.record
            out.appendKey("state")
            out.appendJSON(record.state)
            out.appendKey("censored_body")
            out.appendJSON(record.censoredBody)
            out.appendKey("decided_at")
            out.appendJSON(record.decidedAt)
            out.appendKey("decided_by")
            out.appendJSON(record.decidedBy)
            out.appendKey("moderation")
            // jsonb's canonical text: already valid JSON, embedded as an object.
            out.append(record.moderation)
        }
        if close { out.append(UInt8(ascii: "}")) }
    }
}
