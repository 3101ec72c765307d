import Foundation
import ParleyCore

/// `json`: one document, each article with its metadata and its comments nested as reply
/// trees. Comments arrive in path order, so a stack of open comments is all it keeps.
final class NestedJSONWriter: ThreadWriter {
    let context: ExportContext
    var out: OutputBuffer
    private var articles: ArticleCursor
    /// Open comments, outermost first, each with whether it has a reply written yet.
    private var open: [(id: Int64, hasReplies: Bool)] = []
    private var articleHasComments = false
    private var wroteArticle = false

    init(context: ExportContext, sink: any ExportSink) {
        self.context = context
        out = OutputBuffer(sink: sink)
        articles = ArticleCursor(context.articles)
    }

    func begin() throws {
        out.append(#"{"format":"parley-thread","version":1,"articles":["#)
    }

    func write(_ record: CommentRecord, tombstone: Bool) throws {
        guard articles.move(to: record.articleId, open: openArticle, close: closeArticle),
              let article = articles.current else { return }
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
        articles.finish(open: openArticle, close: closeArticle)
        out.append("]}\n")
        try out.flush()
    }

    private func openArticle(_ article: ArticleRecord) {
        if wroteArticle { out.append(UInt8(ascii: ",")) }
        wroteArticle = true
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
        while !open.isEmpty {
            out.append("]}")
            open.removeLast()
        }
        out.append("]}")
    }
}
