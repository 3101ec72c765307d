import Foundation
import ParleyCore

/// Draws a discussion as an indented tree that reads well in a terminal:
///
///     #12 Olena K. · 3 h ago · +5
///         I live in Kharkiv. ...
///       └ #15 Mark T. · 2 h ago · +1
///           The range matters more than ...
struct ThreadRenderer {
    let width: Int
    let style: Style
    let showStates: Bool
    var now = Date()

    /// Indentation per level; deeper than `maxIndentLevels` stays put and shows the depth.
    private let indentStep = 2
    private let maxIndentLevels = 12

    init(width: Int, style: Style, showStates: Bool) {
        self.width = width
        self.style = style
        self.showStates = showStates
    }

    func render(_ page: ThreadPage) -> String {
        let article = page.article
        var out = style.bold(article.title) + "\n"
        var facts = [article.key, article.status == .open ? "open" : style.yellow("closed"),
                     article.mode == .pre ? "pre-moderated" : "post-moderated",
                     "\(article.visibleCount) comment\(article.visibleCount == 1 ? "" : "s")"]
        if showStates { facts.append("\(article.totalCount) in all states") }
        out += style.dim(facts.joined(separator: " · ")) + "\n"
        if page.threads.isEmpty {
            out += "\n" + style.dim("No comments yet.") + "\n"
        }
        for thread in page.threads {
            out += "\n"
            render(thread, level: 0, into: &out)
        }
        if let next = page.nextCursor {
            out += "\n" + style.dim("More: --cursor \(next.token)") + "\n"
        }
        return out
    }

    private func render(_ root: ThreadNode, level: Int, into out: inout String) {
        // Explicit stack: a reply chain can be deeper than the call stack likes.
        var stack: [(node: ThreadNode, level: Int)] = [(root, level)]
        while let (node, level) = stack.popLast() {
            out += lines(for: node, level: level)
            for reply in node.replies.reversed() {
                stack.append((reply, level + 1))
            }
        }
    }

    private func lines(for node: ThreadNode, level: Int) -> String {
        let comment = node.comment
        let shownLevel = min(level, maxIndentLevels)
        let indent = String(repeating: " ", count: shownLevel * indentStep)
        let marker = level == 0 ? "" : "└ "
        let bodyIndent = indent + String(repeating: " ", count: level == 0 ? 4 : 6)

        var header = style.cyan("#\(comment.id)")
        if level > maxIndentLevels { header = style.dim("[depth \(level)] ") + header }
        if node.isTombstone {
            let what = comment.deleted ? "deleted" : "removed"
            return indent + marker + header + " " + style.dim("[\(what)] · \(RelativeTime.describe(comment.createdAt, now: now))") + "\n"
        }
        var meta = [RelativeTime.describe(comment.createdAt, now: now), score(comment.score)]
        if comment.editedAt != nil { meta.append("edited") }
        header += " " + style.bold(comment.authorName) + " " + style.dim("· " + meta.joined(separator: " · "))
        if showStates || comment.state == .flagged {
            header += " " + state(comment)
        }
        var text = indent + marker + header + "\n"
        let body = showStates ? comment.body : comment.visibleBody
        let room = max(30, width - bodyIndent.count)
        for line in wrap(body, width: room) {
            text += line.isEmpty ? "\n" : bodyIndent + line + "\n"
        }
        return text
    }

    private func score(_ value: Int) -> String {
        value > 0 ? "+\(value)" : String(value)
    }

    private func state(_ comment: Comment) -> String {
        var label = comment.state.rawValue
        if comment.deleted { label += ", deleted" }
        switch comment.state {
        case .published: return comment.deleted ? style.yellow("[\(label)]") : style.green("[\(label)]")
        case .flagged, .pending, .reported: return style.yellow("[\(label)]")
        case .spam, .rejected: return style.red("[\(label)]")
        }
    }

    /// Word-wraps each paragraph; words longer than a line are cut.
    func wrap(_ text: String, width: Int) -> [String] {
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = Substring(word)
                while word.count > width {
                    if !line.isEmpty {
                        result.append(line)
                        line = ""
                    }
                    result.append(String(word.prefix(width)))
                    word = word.dropFirst(width)
                }
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    result.append(line)
                    line = String(word)
                }
            }
            result.append(line)
        }
        while result.last == "" { result.removeLast() }
        return result
    }
}
