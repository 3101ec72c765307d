import Foundation
import ParleyCore
import ParleyRender

/// Writes the messages parley sends: a reply notification to a reader, a report alert or a
/// queue alert to a moderator. Comments are quoted as readers see them: in the HTML part
/// through the safe renderer (`CommentRendering.html`: every character of the comment is
/// escaped, only parley's own tags appear), in the text part as `> ` lines. Every other string
/// (names, titles, reasons) is escaped in the HTML part.
public struct MailComposer: Sendable {
    public let settings: MailSettings
    public let links: UnsubscribeLinks

    public init(settings: MailSettings, links: UnsubscribeLinks) {
        self.settings = settings
        self.links = links
    }

    /// Longest quote of the recipient's own comment, in characters.
    static let parentExcerpt = 600

    /// The message for a claimed job; nil when it no longer applies (`MailContent.gone`).
    public func compose(_ job: MailJob, now: Date = Date()) -> MailMessage? {
        let unsubscribe = links.url(base: settings.publicURL, messageID: job.id)
        let parts: (subject: String, text: String, html: String)
        switch job.content {
        case .gone:
            return nil
        case .reply(let article, let parent, let reply):
            parts = replyParts(article: article, parent: parent, reply: reply, recipient: job.recipientName, unsubscribe: unsubscribe)
        case .reported(let article, let comment, let reports):
            parts = reportedParts(article: article, comment: comment, reports: reports, unsubscribe: unsubscribe)
        case .queue(let held, let threshold):
            parts = queueParts(held: held, threshold: threshold, unsubscribe: unsubscribe)
        }
        return MailMessage(from: settings.from, to: MailAddress(name: job.recipientName, address: job.address),
                           subject: parts.subject, date: now, messageID: MailMessage.makeID(for: job.id, domain: settings.from.domain),
                           unsubscribeURL: unsubscribe, text: parts.text, html: parts.html)
    }

    // MARK: The three messages

    func replyParts(article: MailArticle, parent: MailComment, reply: MailComment, recipient: String?, unsubscribe: String)
        -> (String, String, String) {
        let subject = "\(reply.authorName) replied to your comment on \"\(article.title)\""
        let excerpt = Self.excerpt(parent.text)
        let link = Self.link(article, comment: reply.id)
        var text = "Hello\(recipient.map { " \($0)" } ?? ""),\n\n"
        text += "\(reply.authorName) replied to your comment on “\(article.title)”:\n\n"
        text += Self.quoted(reply.text) + "\n\nYour comment:\n\n" + Self.quoted(excerpt) + "\n"
        if let link { text += "\nRead the discussion: \(link)\n" }
        text += Self.footer(why: "you asked to hear of replies to your comment", unsubscribe: unsubscribe,
                            what: "reply notifications")
        var body = "<p>Hello\(recipient.map { " " + Self.escape($0) } ?? ""),</p>\n"
        body += "<p><strong>\(Self.escape(reply.authorName))</strong> replied to your comment on \(Self.title(article, link: link)):</p>\n"
        body += "<blockquote>\(CommentRendering.html(reply.text))</blockquote>\n"
        body += "<p>Your comment:</p>\n<blockquote>\(CommentRendering.html(excerpt))</blockquote>\n"
        if let link { body += "<p><a href=\"\(Self.escape(link))\">Read the discussion</a></p>\n" }
        body += Self.htmlFooter(why: "you asked to hear of replies to your comment", unsubscribe: unsubscribe, what: "reply notifications")
        return (subject, text, Self.page(title: subject, body: body))
    }

    func reportedParts(article: MailArticle, comment: MailComment, reports: [String], unsubscribe: String) -> (String, String, String) {
        let subject = "Reported: comment \(comment.id) by \(comment.authorName) on \"\(article.title)\""
        var text = "Readers reported a comment by \(comment.authorName) on “\(article.title)”. It is hidden and waits for a moderator.\n\n"
        text += Self.quoted(comment.text) + "\n"
        if !reports.isEmpty { text += "\nReasons given:\n" + reports.map { "- \(Self.oneLine($0))" }.joined(separator: "\n") + "\n" }
        text += "\nReview it: parley queue --state reported (or the desk's API)\n"
        text += Self.footer(why: "this address is on parley's moderator list", unsubscribe: unsubscribe, what: "moderator alerts")
        var body = "<p>Readers reported a comment by <strong>\(Self.escape(comment.authorName))</strong> on "
            + "\(Self.title(article, link: Self.link(article, comment: nil))). It is hidden and waits for a moderator.</p>\n"
        body += "<blockquote>\(CommentRendering.html(comment.text))</blockquote>\n"
        if !reports.isEmpty {
            body += "<p>Reasons given:</p>\n<ul>\n" + reports.map { "<li>\(Self.escape(Self.oneLine($0)))</li>" }.joined(separator: "\n")
                + "\n</ul>\n"
        }
        body += "<p>Review it: <code>parley queue --state reported</code></p>\n"
        body += Self.htmlFooter(why: "this address is on parley's moderator list", unsubscribe: unsubscribe, what: "moderator alerts")
        return (subject, text, Self.page(title: subject, body: body))
    }

    func queueParts(held: Int, threshold: Int, unsubscribe: String) -> (String, String, String) {
        let count = held >= threshold * 2 && threshold > 0 ? "\(held) or more" : "\(held)"
        let subject = "The moderation queue holds \(count) comments"
        var text = "The moderation queue holds \(count) comments (pending, flagged and reported); the alert threshold is \(threshold).\n"
        text += "\nWork through it: parley queue review\n"
        text += Self.footer(why: "this address is on parley's moderator list", unsubscribe: unsubscribe, what: "moderator alerts")
        var body = "<p>The moderation queue holds <strong>\(count)</strong> comments (pending, flagged and reported); "
            + "the alert threshold is \(threshold).</p>\n"
        body += "<p>Work through it: <code>parley queue review</code></p>\n"
        body += Self.htmlFooter(why: "this address is on parley's moderator list", unsubscribe: unsubscribe, what: "moderator alerts")
        return (subject, text, Self.page(title: subject, body: body))
    }

    // MARK: Pieces

    static func footer(why: String, unsubscribe: String, what: String) -> String {
        "\n-- \nYou get this email because \(why).\nUnsubscribe from \(what) (one click, no sign-in): \(unsubscribe)\n"
    }

    static func htmlFooter(why: String, unsubscribe: String, what: String) -> String {
        "<hr>\n<p><small>You get this email because \(escape(why)). "
            + "<a href=\"\(escape(unsubscribe))\">Unsubscribe from \(escape(what))</a> (one click, no sign-in).</small></p>\n"
    }

    static func page(title: String, body: String) -> String {
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(escape(title))</title></head>\n<body>\n\(body)</body></html>\n"
    }

    /// The article's title, linked when the article has an http(s) address.
    static func title(_ article: MailArticle, link: String?) -> String {
        let title = "“\(escape(article.title))”"
        guard let link else { return title }
        return "<a href=\"\(escape(link))\">\(title)</a>"
    }

    /// The article's page (with the comment's anchor), only for http and https addresses.
    static func link(_ article: MailArticle, comment: Int64?) -> String? {
        guard let url = article.url, let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
              parsed.host != nil
        else { return nil }
        guard let comment, parsed.fragment == nil else { return url }
        return url + "#parley-comment-\(comment)"
    }

    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? ">" : "> \($0)" }.joined(separator: "\n")
    }

    static func excerpt(_ text: String) -> String {
        guard text.count > parentExcerpt else { return text }
        return String(text.prefix(parentExcerpt)) + "…"
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    static func escape(_ text: String) -> String {
        SafeMarkdown.escapeText(text)
    }
}
