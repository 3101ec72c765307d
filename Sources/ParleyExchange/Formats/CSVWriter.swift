import Foundation
import ParleyCore

/// `csv`: RFC 4180 — every field quoted, quotes doubled, CRLF line ends, one header row.
/// A text field that a spreadsheet would run as a formula (it starts with = + - @, a tab or
/// a carriage return) gets a leading apostrophe, as OWASP advises; numbers are left alone.
final class CSVWriter: ThreadWriter {
    let context: ExportContext
    var out: OutputBuffer
    let keys: [Int64: String]

    static let readerColumns: [StaticString] = ["id", "article", "parent_id", "depth", "author", "created_at", "edited_at",
                                                 "score", "upvotes", "downvotes", "deleted", "body"]
    static let moderatorColumns: [StaticString] = ["state", "censored_body", "decided_at", "decided_by", "moderation"]

    init(context: ExportContext, sink: any ExportSink) {
        self.context = context
        out = OutputBuffer(sink: sink)
        keys = Dictionary(context.articles.map { ($0.id, $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    func begin() throws {
        let columns = Self.readerColumns + (context.isModeratorView ? Self.moderatorColumns : [])
        for (index, column) in columns.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(column)
        }
        out.append("\r\n")
    }

    func write(_ record: CommentRecord, tombstone: Bool) throws {
        let comment = ExportedComment(record, tombstone: tombstone, articleKey: keys[record.articleId] ?? "",
                                      moderatorView: context.isModeratorView)
        out.append(integer: comment.id)
        out.append(UInt8(ascii: ","))
        text(comment.articleKey)
        out.append(UInt8(ascii: ","))
        if let parent = comment.parentID { out.append(integer: parent) }
        out.append(UInt8(ascii: ","))
        out.append(integer: comment.depth)
        out.append(UInt8(ascii: ","))
        text(comment.author)
        out.append(UInt8(ascii: ","))
        Timestamp.append(comment.createdAt, to: &out)
        out.append(UInt8(ascii: ","))
        if let edited = comment.editedAt { Timestamp.append(edited, to: &out) }
        out.append(UInt8(ascii: ","))
        out.append(integer: comment.score)
        out.append(UInt8(ascii: ","))
        out.append(integer: comment.upvotes)
        out.append(UInt8(ascii: ","))
        out.append(integer: comment.downvotes)
        out.append(UInt8(ascii: ","))
        out.append(comment.deleted ? "true" : "false")
        out.append(UInt8(ascii: ","))
        text(comment.body)
        if context.isModeratorView {
            out.append(UInt8(ascii: ","))
            text(record.state)
            out.append(UInt8(ascii: ","))
            text(record.censoredBody)
            out.append(UInt8(ascii: ","))
            if let decided = record.decidedAt { Timestamp.append(decided, to: &out) }
            out.append(UInt8(ascii: ","))
            text(record.decidedBy)
            out.append(UInt8(ascii: ","))
            text(record.moderation)
        }
        out.append("\r\n")
        try out.flushIfFull()
    }

    func finish() throws {
        try out.flush()
    }

    /// A quoted text field; nil is an empty field.
    private func text(_ value: String?) {
        guard var value else { return }
        out.append(UInt8(ascii: "\""))
        value.withUTF8 { utf8 in
            if let first = utf8.first, Self.formulaStarts.contains(first) {
                out.append(UInt8(ascii: "'"))
            }
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { out.append(byte) }
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]
}
