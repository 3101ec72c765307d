import Foundation
import Testing
@testable import ParleyMail

@Suite struct HeaderEncodingTests {
    /// Decodes the `=?UTF-8?B?...?=` words of a field value (what a mail client does).
    static func decode(_ value: String) -> String {
        var bytes: [UInt8] = []
        for word in value.replacingOccurrences(of: "\r\n", with: "").split(separator: " ") {
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { continue }
            bytes += Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).map(Array.init) ?? []
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func aUkrainianNameBecomesEncodedWordsThatDecodeBack() {
        let field = HeaderEncoding.mailbox("To", MailAddress(name: "Олена Коваленко", address: "olena@example.org"))
        #expect(field.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(field.hasPrefix("To: =?UTF-8?B?"))
        #expect(field.hasSuffix(" <olena@example.org>"))
        #expect(Self.decode(String(field.dropFirst(4))) == "Олена Коваленко")
    }

    @Test func longTextFoldsAtWordsAndEveryWordStaysWithinSeventyFiveCharacters() {
        let title = String(repeating: "Київ і Харків 🇺🇦 👩‍👩‍👧‍👦 ", count: 12)
        let field = HeaderEncoding.unstructured("Subject", title)
        let lines = field.components(separatedBy: "\r\n")
        #expect(lines.count > 3)
        for (index, line) in lines.enumerated() {
            #expect(line.utf8.count <= 78, "line \(index): \(line)")
            if index > 0 { #expect(line.hasPrefix(" ")) }
        }
        for word in field.split(whereSeparator: { $0 == " " || $0 == "\r\n" }) where word.hasPrefix("=?") {
            #expect(word.count <= 75)
        }
        // No character is cut between words (RFC 2047 5): each word decodes to whole UTF-8 on its own.
        for word in field.split(whereSeparator: { $0 == " " || $0 == "\r\n" }) where word.hasPrefix("=?") {
            let bytes = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
            #expect(String(data: bytes, encoding: .utf8) != nil)
        }
        #expect(Self.decode(String(field.dropFirst(9))) == HeaderEncoding.sanitized(title))
    }

    @Test func plainNamesStayReadableAndSpecialsAreQuoted() {
        #expect(HeaderEncoding.mailbox("From", MailAddress(name: "Kyiv Daily", address: "a@b.example")) == "From: Kyiv Daily <a@b.example>")
        #expect(HeaderEncoding.mailbox("From", MailAddress(name: "Smith, \"J\" <x>", address: "a@b.example"))
                == #"From: "Smith, \"J\" <x>" <a@b.example>"#)
        #expect(HeaderEncoding.mailbox("To", MailAddress(address: "a@b.example")) == "To: <a@b.example>")
        #expect(HeaderEncoding.unstructured("Subject", "A plain subject") == "Subject: A plain subject")
    }

    @Test func lineBreaksInValuesCannotStartNewHeaders() {
        let field = HeaderEncoding.unstructured("Subject", "Hi\r\nBcc: victim@example.org")
        #expect(!field.contains("\r\nBcc"))
        let name = HeaderEncoding.mailbox("To", MailAddress(name: "Eve\nBcc: x@y.z", address: "a@b.example"))
        #expect(!name.contains("\n"))
    }

    @Test func datesAreRFC5322InUTC() {
        #expect(MailDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 1 Jan 1970 00:00:00 +0000")
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_795_590_309)) == "Wed, 25 Nov 2026 07:05:09 +0000")
    }

    @Test func fromAddressesParse() {
        #expect(MailAddress(parsing: "Kyiv Daily <comments@news.example>") == MailAddress(name: "Kyiv Daily", address: "comments@news.example"))
        #expect(MailAddress(parsing: "\"Daily, Kyiv\" <c@news.example>")?.name == "Daily, Kyiv")
        #expect(MailAddress(parsing: "c@news.example") == MailAddress(address: "c@news.example"))
        #expect(MailAddress(parsing: "not an address") == nil)
        #expect(MailAddress(parsing: "x <олена@приклад.укр>") == nil)
        #expect(!MailAddress.isDeliverable("-oQ/tmp/x@evil.example"))
    }
}
