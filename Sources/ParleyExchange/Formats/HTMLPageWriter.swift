import Foundation
import ParleyCore
import ParleyRender

/// `html`: one standalone page — no script, no remote resource, styles inline — that opens
/// offline and prints well. Every user string is escaped; bodies go through SafeMarkdown,
/// which emits only parley's own tags. A Content-Security-Policy forbids scripts outright.
final class HTMLPageWriter: ThreadWriter {
    let context: ExportContext
    var out: OutputBuffer
    private var articles: ArticleCursor
    private var stack = ThreadStack()
    /// Comments on the stack that have opened their list of replies.
    private var withReplies: Set<Int64> = []

    init(context: ExportContext, sink: any ExportSink) {
        self.context = context
        out = OutputBuffer(sink: sink)
        articles = ArticleCursor(context.articles)
    }

    func begin() throws {
        let title = context.articles.count == 1 ? context.articles[0].title : "Discussions (\(context.articles.count) articles)"
        out.append("""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="parley">
            <meta name="referrer" content="no-referrer">
            <title>
            """)
        out.append(SafeMarkdown.escapeText(title))
        out.append("</title>\n<style>\n")
        out.append(HTMLPageStyle.css)
        out.append("</style>\n</head>\n<body>\n<main>\n")
    }

    func write(_ record: CommentRecord, tombstone: Bool) throws {
        guard articles.move(to: record.articleId, open: openArticle, close: closeArticle) else { return }
        stack.enter(parent: record.parentId) { id in
            if withReplies.remove(id) != nil { out.append("</ol>") }
            out.append("</li>\n")
        }
        if let parent = stack.ids.last, !withReplies.contains(parent) {
            withReplies.insert(parent)
            out.append("<ol class=\"replies\">\n")
        }
        let comment = ExportedComment(record, tombstone: tombstone, articleKey: "", moderatorView: context.isModeratorView)
        out.append("<li class=\"comment")
        if comment.deleted { out.append(" deleted") }
        out.append("\" id=\"c")
        out.append(integer: comment.id)
        out.append("\"><div class=\"card\"><p class=\"byline\">")
        if let author = comment.author {
            out.append("<span class=\"author\">")
            out.append(SafeMarkdown.escapeText(author))
            out.append("</span>")
        } else {
            out.append("<span class=\"author gone\">[deleted]</span>")
        }
        out.append(" <time datetime=\"")
        out.append(Timestamp.string(comment.createdAt))
        out.append("\">")
        out.append(MarkdownText.time(comment.createdAt))
        out.append("</time>")
        if comment.editedAt != nil { out.append(" <span class=\"edited\">edited</span>") }
        out.append(" <span class=\"score\">score ")
        out.append(integer: comment.score)
        out.append("</span>")
        if context.isModeratorView {
            out.append(" <span class=\"state ")
            out.append(SafeMarkdown.escapeText(record.state))
            out.append("\">")
            out.append(SafeMarkdown.escapeText(record.state))
            if record.deleted { out.append(", deleted") }
            out.append("</span>")
        }
        out.append("</p>")
        if let body = comment.body {
            out.append("<div class=\"body\" dir=\"auto\">")
            out.append(SafeMarkdown.html(body))
            out.append("</div>")
        }
        out.append("</div>")
        stack.push(record.id)
        try out.flushIfFull()
    }

    func finish() throws {
        articles.finish(open: openArticle, close: closeArticle)
        out.append("<footer>Exported from parley.</footer>\n</main>\n</body>\n</html>\n")
        try out.flush()
    }

    private func openArticle(_ article: ArticleRecord) {
        stack = ThreadStack()
        withReplies = []
        out.append("<article class=\"story\">\n<header><h1 dir=\"auto\">")
        out.append(SafeMarkdown.escapeText(article.title))
        out.append("</h1><p class=\"meta\">")
        var facts: [String] = []
        if let url = article.url, HTMLText.isWebURL(url) {
            facts.append("<a href=\"\(SafeMarkdown.escapeText(url))\" rel=\"nofollow noopener\">\(SafeMarkdown.escapeText(url))</a>")
        }
        if let published = article.publishedAt {
            facts.append("published <time datetime=\"\(Timestamp.string(published))\">\(MarkdownText.time(published))</time>")
        }
        if article.status == "closed" { facts.append("closed for comments") }
        out.append(facts.joined(separator: " · "))
        out.append("</p></header>\n<ol class=\"thread\">\n")
    }

    private func closeArticle() {
        stack.closeAll { id in
            if withReplies.remove(id) != nil { out.append("</ol>") }
            out.append("</li>\n")
        }
        out.append("</ol>\n</article>\n")
    }
}

enum HTMLText {
    static func isWebURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }
}
