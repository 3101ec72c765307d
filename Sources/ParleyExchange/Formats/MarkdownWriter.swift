import Foundation
import ParleyCore

/// `markdown`: each article a heading, its discussion a nested list that reads well raw and
/// rendered. Bodies keep the Markdown parley understands (emphasis, code, quotes, links);
/// whatever else a Markdown viewer would act on — raw HTML, images, headings, list markers
/// at line starts — is escaped so it shows as the author typed it.
final class MarkdownWriter: ThreadWriter {
    let context: ExportContext
    var out: OutputBuffer
    private var articles: ArticleCursor
    private var stack = ThreadStack()
    private var articleHasComments = false

    init(context: ExportContext, sink: any ExportSink) {
        self.context = context
        out = OutputBuffer(sink: sink)
        articles = ArticleCursor(context.articles)
    }

    func begin() throws {}

    func write(_ record: CommentRecord, tombstone: Bool) throws {
        guard articles.move(to: record.articleId, open: openArticle, close: closeArticle) else { return }
        articleHasComments = true
        stack.enter(parent: record.parentId) { _ in }
        let comment = ExportedComment(record, tombstone: tombstone, articleKey: "", moderatorView: context.isModeratorView)
        let indent = String(repeating: "  ", count: stack.depth)
        out.append(indent)
        out.append("- ")
        if let author = comment.author {
            out.append("**")
            out.append(MarkdownText.inline(author))
            out.append("**")
        } else {
            out.append("_[deleted]_")
        }
        out.append(" · ")
        out.append(MarkdownText.time(comment.createdAt))
        if comment.editedAt != nil { out.append(" · edited") }
        out.append(" · score ")
        out.append(integer: comment.score)
        if context.isModeratorView {
            out.append(" · ")
            out.append(record.state)
            if record.deleted { out.append(", deleted") }
        }
        out.append("\n")
        if let body = comment.body {
            out.append("\n")
            for line in MarkdownText.bodyLines(body) {
                if !line.isEmpty {
                    out.append(indent)
                    out.append("  ")
                    out.append(line)
                    out.append("  ")
                }
                out.append("\n")
            }
        }
        out.append("\n")
        stack.push(record.id)
        try out.flushIfFull()
    }

    func finish() throws {
        articles.finish(open: openArticle, close: closeArticle)
        try out.flush()
    }

    private func closeArticle() {
        if !articleHasComments { out.append("_No comments._\n\n") }
    }

    private func openArticle(_ article: ArticleRecord) {
        stack = ThreadStack()
        articleHasComments = false
        out.append("# ")
        out.append(MarkdownText.inline(article.title))
        out.append("\n\n")
        var facts: [String] = []
        if let url = article.url { facts.append("<\(MarkdownText.autolink(url))>") }
        if let published = article.publishedAt { facts.append("published \(MarkdownText.time(published))") }
        facts.append("key `\(article.key.replacingOccurrences(of: "`", with: "'"))`")
        if article.status == "closed" { facts.append("closed") }
        out.append(facts.joined(separator: " · "))
        out.append("\n\n")
    }
}

/// Escaping for Markdown written by parley.
enum MarkdownText {
    /// Text that must render literally on one line: whatever Markdown acts on inside a line
    /// escaped (it always follows parley's own "# " or "**", so line starts cannot matter).
    static func inline(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                result.append(" ")
                continue
            }
            if punctuation.contains(scalar) { result.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    static let punctuation: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&"]

    /// A comment body's lines, escaped line by line (see `MarkdownWriter`).
    static func bodyLines(_ body: String) -> [String] {
        body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            var line = ""
            var previous: Unicode.Scalar?
            for scalar in raw.unicodeScalars {
                switch scalar {
                case "\\", "<", "&", "|": line.append("\\")
                case "[" where previous == "!": line.removeLast(); line.append("\\![")
                    previous = scalar
                    continue
                default: break
                }
                line.unicodeScalars.append(scalar)
                previous = scalar
            }
            return escapeLineStart(line.trimmingCharacters(in: .whitespaces).isEmpty ? "" : line)
        }
    }

    /// Headings, list markers, thematic breaks and setext underlines at a line's start.
    private static func escapeLineStart(_ line: String) -> String {
        let leading = line.prefix { $0 == " " }
        let rest = line.dropFirst(leading.count)
        guard let first = rest.first else { return line }
        if first == "#" || first == "=" { return leading + "\\" + rest }
        if first == "-" || first == "+" || first == "*" {
            let second = rest.dropFirst().first
            if second == nil || second == " " || second == first { return leading + "\\" + rest }
        }
        if first.isASCII, first.isNumber {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let after = rest.dropFirst(digits.count)
            if let marker = after.first, marker == "." || marker == ")" {
                return leading + digits + "\\" + after
            }
        }
        return line
    }

    /// A URL inside `<…>`: spaces and angle brackets percent-encoded so it stays one link.
    static func autolink(_ url: String) -> String {
        url.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "<", with: "%3C")
            .replacingOccurrences(of: ">", with: "%3E")
    }

    /// "2024-11-21 09:15 UTC": minutes are enough for a person reading.
    static func time(_ date: Date) -> String {
        let full = Timestamp.string(date)
        guard full.count >= 16 else { return full }
        return String(full.prefix(10)) + " " + String(full.dropFirst(11).prefix(5)) + " UTC"
    }
}
