import Foundation
import ParleyCore

/// `json`: one document, each article with its metadata and its comments nested as reply
/// trees. Comments arrive in path order, so a stack of open comments is all it keeps.
final class NestedJSONWriter: ThreadWriter {
    let context: ExportContext
    var out: OutputBuffer
    /// Articles not yet opened, in order.
    private var pending: ArraySlice<ArticleRecord>
    private var current: ArticleRecord?
    /// Open comments, outermost first, each with whether it has a reply written yet.
    private var open: [(id: Int64, hasReplies: Bool)] = []
    private var articleHasComments = false
    private var wroteArticle = false

    init(context: ExportContext, sink: any ExportSink) {
        self.context = context
        out = OutputBuffer(sink: sink)
        pending = context.articles[...]
    }

    func begin() throws {
        out.append(#"{"format":"parley-thread","version":1,"articles":["#)
    }

    func write(_ record: CommentRecord, tombstone: Bool) throws {
        if current?.id != record.articleId {
            closeArticle()
            while let next = pending.popFirst() {
                openArticle(next)
                if next.id == record.articleId { break }
                closeArticle()
            }
        }
        guard let article = current, article.id == record.articleId else { return }
        while let top = open.last, top.id != record.parentId {
            out.append("]}")
            open.removeLast()
        }
        if open.isEmpty {
            if articleHasComments { out.append(UInt8(ascii: ",")) }
            articleHasComments = true
        } else {
            if open[open.count - 1].hasReplies { out.append(UInt8(ascii: ",")) }
            open[open.count - 1].hasReplies = true
        }
        let comment = ExportedComment(record, tombstone: tombstone, articleKey: article.key,
                                      moderatorView: context.isModeratorView)
        CommentJSON.appendObject(comment, moderatorView: context.isModeratorView, to: &out, close: false)
        out.append(#","replies":["#)
        open.append((record.id, false))
        try out.flushIfFull()
    }

    func finish() throws {
        closeArticle()
        while let next = pending.popFirst() {
            openArticle(next)
            closeArticle()
        }
        out.append("]}\n")
        try out.flush()
    }

    private func openArticle(_ article: ArticleRecord) {
        if wroteArticle { out.append(UInt8(ascii: ",")) }
        wroteArticle = true
        current = article
        articleHasComments = false
        out.append(UInt8(ascii: "{"))
        out.appendKey("key", first: true)
        out.appendJSON(article.key)
        out.appendKey("title")
        out.appendJSON(article.title)
        out.appendKey("url")
        out.appendJSON(article.url)
        out.appendKey("tags")
        out.appendJSON(article.tags)
        out.appendKey("status")
        out.appendJSON(article.status)
        out.appendKey("published_at")
        out.appendJSON(article.publishedAt)
        out.appendKey("comments")
        out.append(UInt8(ascii: "["))
    }

    private func closeArticle() {
        guard current != nil else { return }
        while !open.isEmpty {
            out.append("]}")
            open.removeLast()
        }
        out.append("]}")
        current = nil
    }
}
