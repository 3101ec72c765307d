import Foundation
import Testing
@testable import ParleyMail

@Suite struct MailMessageTests {
    static let message = MailMessage(
        from: MailAddress(name: "Київ Daily", address: "comments@news.example"),
        to: MailAddress(name: "Олена Коваленко", address: "olena@example.org"),
        subject: "Відповідь на ваш коментар", date: Date(timeIntervalSince1970: 1_795_590_309),
        messageID: "parley.7.0123456789abcdef@news.example", unsubscribeURL: "https://c.example/email/unsubscribe/7.x",
        text: "Plain text.", html: "<p>HTML.</p>")

    @Test func theMessageHasItsHeadersOnceAndTwoPartsInOrder() {
        let text = String(decoding: Self.message.rendered(), as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        for name in ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "List-Unsubscribe", "List-Unsubscribe-Post", "Content-Type"] {
            #expect(head.components(separatedBy: "\r\n").filter { $0.hasPrefix(name + ":") }.count == 1, "\(name)")
        }
        #expect(head.contains("Date: Wed, 25 Nov 2026 07:05:09 +0000"))
        #expect(head.contains("Message-ID: <parley.7.0123456789abcdef@news.example>"))
        #expect(head.contains("List-Unsubscribe: <https://c.example/email/unsubscribe/7.x>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        let boundary = Self.message.boundary
        #expect(head.contains("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\""))
        let plain = text.range(of: "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8")
        let html = text.range(of: "--\(boundary)\r\nContent-Type: text/html; charset=utf-8")
        #expect(plain != nil && html != nil && plain!.lowerBound < html!.lowerBound)
        #expect(text.hasSuffix("--\(boundary)--\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(Self.message.rendered() == Self.message.rendered())
    }

    @Test func messageIDsAreUniqueAndNameTheDomain() {
        let first = MailMessage.makeID(for: 5, domain: "news.example")
        #expect(first.wholeMatch(of: /parley\.5\.[0-9a-f]{16}@news\.example/) != nil)
        #expect(first != MailMessage.makeID(for: 5, domain: "news.example"))
    }
}
