import Foundation

/// One email: RFC 5322 headers and a multipart/alternative body with a plain text part and an
/// HTML part (in that order: a client shows the last one it can), both UTF-8 in
/// quoted-printable. `rendered()` gives the bytes with CRLF line ends.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var date: Date
    /// Without the angle brackets: `local@domain`.
    public var messageID: String
    /// `List-Unsubscribe`'s https (or http) link, sent with `List-Unsubscribe-Post` (RFC 8058).
    public var unsubscribeURL: String?
    public var text: String
    public var html: String

    public init(from: MailAddress, to: MailAddress, subject: String, date: Date, messageID: String,
                unsubscribeURL: String? = nil, text: String, html: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.unsubscribeURL = unsubscribeURL
        self.text = text
        self.html = html
    }

    /// A Message-ID (RFC 5322 3.6.4) unique to this message: the queue's id, random bits and
    /// the sender's domain.
    public static func makeID(for id: Int64, domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<8).map { _ in QuotedPrintable.hex(generator.next()) }.joined().lowercased()
        return "parley.\(id).\(random)@\(domain)"
    }

    /// The boundary between the parts. "=_" cannot occur in quoted-printable text (an "=" is
    /// always followed by two hex digits or a line end), so no part can contain it.
    /// Made of the Message-ID's letters and digits, so the same message renders the same bytes.
    var boundary: String {
        let letters = messageID.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        return "=_parley_" + String(String.UnicodeScalarView(letters.prefix(50)))
    }

    public var headerLines: [String] {
        var lines = [
            HeaderEncoding.verbatim("Date", MailDate.format(date)),
            HeaderEncoding.mailbox("From", from),
            HeaderEncoding.mailbox("To", to),
            HeaderEncoding.unstructured("Subject", subject),
            HeaderEncoding.verbatim("Message-ID", "<\(messageID)>"),
            "MIME-Version: 1.0",
            // RFC 3834: made by a program; auto-responders should not answer it.
            "Auto-Submitted: auto-generated",
        ]
        if let unsubscribeURL {
            lines.append(HeaderEncoding.verbatim("List-Unsubscribe", "<\(unsubscribeURL)>"))
            lines.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }
        lines.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
        return lines
    }

    public func rendered() -> [UInt8] {
        var message = headerLines.joined(separator: "\r\n") + "\r\n\r\n"
        message += "This is a message in MIME format: a plain text part and an HTML part.\r\n"
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            message += "\r\n--\(boundary)\r\n"
            message += "Content-Type: \(type); charset=utf-8\r\n"
            message += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            message += QuotedPrintable.encode(body)
        }
        message += "\r\n--\(boundary)--\r\n"
        return Array(message.utf8)
    }
}
