import Foundation
import ParleyCore
import ParleyMail
import ParleyRender

/// The small pages of an unsubscribe link (GET asks, POST confirms): no script, no style
/// sheet, no image; every value escaped. A mail client's one-click POST (RFC 8058) gets the
/// same confirmation page, which it does not show.
struct UnsubscribePage {
    static let contentSecurityPolicy = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func what(_ list: MailList) -> String {
        list == .replies ? "reply notifications" : "moderator alerts"
    }

    /// "o…@example.com": enough for its owner to recognize, little for anyone else.
    static func masked(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@"), at > address.startIndex else { return "this address" }
        return String(address[address.startIndex]) + "…" + address[at...]
    }

    static func ask(_ target: UnsubscribeTarget) -> String {
        page(title: "Unsubscribe", body: """
            <h1>Unsubscribe from \(what(target.list))?</h1>
            <p>\(escape(masked(target.address))) will get no more \(what(target.list)) from this site.</p>
            <form method="post">
            <input type="hidden" name="confirm" value="yes">
            <button type="submit">Unsubscribe</button>
            </form>
            """)
    }

    static func done(_ target: UnsubscribeTarget) -> String {
        page(title: "Unsubscribed", body: """
            <h1>You are unsubscribed</h1>
            <p>\(escape(masked(target.address))) will get no more \(what(target.list)) from this site.</p>
            """)
    }

    static func already(_ target: UnsubscribeTarget) -> String {
        page(title: "Unsubscribed", body: """
            <h1>You are unsubscribed already</h1>
            <p>This link was used on \(escape(ParleyJSON.rfc3339(target.usedAt ?? Date()))); \(escape(masked(target.address))) \
            gets no \(what(target.list)) from this site.</p>
            """)
    }

    static func invalid() -> String {
        page(title: "Link not valid", body: """
            <h1>This unsubscribe link is not valid</h1>
            <p>It may have been cut short by your mail program. Open the link from the email again, whole.</p>
            """)
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>\(escape(title))</title></head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static func escape(_ text: String) -> String { SafeMarkdown.escapeText(text) }
}
