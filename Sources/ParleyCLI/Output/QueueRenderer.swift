import Foundation
import ParleyCore

/// A queue item for the terminal: the comment with every match highlighted in place, its
/// parent's first line, the article, the author's record and every reason.
struct QueueRenderer {
    let width: Int
    let style: Style
    var now = Date()

    func render(_ item: QueueItem, position: String? = nil) -> String {
        let comment = item.comment
        var out = ""
        var header = style.cyan("#\(comment.id)") + " " + stateLabel(comment.state) + style.dim(" · \(item.article.key) · \(RelativeTime.describe(comment.createdAt, now: now))")
        if let position { header += style.dim("  [\(position)]") }
        out += header + "\n"
        if let parent = item.parent {
            let excerpt = parent.firstLine.count > 80 ? String(parent.firstLine.prefix(79)) + "…" : parent.firstLine
            out += style.dim("  ↳ reply to #\(parent.id) \(parent.authorName): \"\(excerpt)\"") + "\n"
        }
        out += "  " + authorLine(item.author) + "\n"
        let spans = item.firedRules.compactMap(\.span).filter { $0.count == 2 && $0[0] < $0[1] }
        for line in ThreadRenderer(width: width, style: style, showStates: true).wrap(highlighted(comment.body, spans: spans), width: max(30, width - 4)) {
            out += "    " + line + "\n"
        }
        for rule in item.firedRules {
            var why = "  " + style.yellow("why:") + " \(rule.name) (\(rule.action.rawValue))"
            if let reason = rule.reason { why += " — \(reason)" }
            if let match = rule.match { why += ": “\(match)”" }
            out += why + "\n"
        }
        if !item.openReports.isEmpty {
            out += "  " + style.yellow("reports (\(item.openReports.count)):") + " " + item.openReports.prefix(5).joined(separator: " · ") + "\n"
        }
        if let decidedBy = item.decidedBy, comment.state == .spam || comment.state == .rejected {
            out += style.dim("  decided by \(decidedBy)") + "\n"
        }
        return out
    }

    func authorLine(_ author: Author) -> String {
        var parts = [author.trust.rawValue, "\(author.approvedCount) approved", "\(author.rejectedCount) rejected"]
        if author.spamCount > 0 { parts.append("\(author.spamCount) spam") }
        var line = style.bold(author.name) + style.dim(" — " + parts.joined(separator: " · "))
        if author.isBanned(at: now) {
            let until = author.bannedUntil == .distantFuture ? "for good" : "until " + ParleyJSON.rfc3339(author.bannedUntil ?? now)
            line += " " + style.red("banned \(until)\(author.banReason.map { ": \($0)" } ?? "")")
        }
        return line
    }

    func stateLabel(_ state: CommentState) -> String {
        switch state {
        case .pending, .flagged, .reported: style.yellow(state.rawValue)
        case .spam, .rejected: style.red(state.rawValue)
        case .published: style.green(state.rawValue)
        }
    }

    /// Marks the spans (Unicode scalar offsets) in place: inverse video on a terminal,
    /// «guillemets» otherwise.
    func highlighted(_ text: String, spans: [[Int]]) -> String {
        guard !spans.isEmpty else { return text }
        let scalars = Array(text.unicodeScalars)
        var marks = [Bool](repeating: false, count: scalars.count)
        for span in spans {
            for index in max(0, span[0])..<min(scalars.count, span[1]) { marks[index] = true }
        }
        var out = ""
        var index = 0
        while index < scalars.count {
            var end = index
            while end < scalars.count && marks[end] == marks[index] { end += 1 }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[index..<end])
            let text = String(piece)
            out += marks[index] ? (style.enabled ? style.inverse(text) : "«\(text)»") : text
            index = end
        }
        return out
    }
}
