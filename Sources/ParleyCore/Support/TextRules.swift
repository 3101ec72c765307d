import Foundation

/// Checks on user-supplied text shared by every entry point (CLI, HTTP, import).
public enum TextRules {
    /// A comment body as stored: trimmed; refuses empty, over-long and NUL-carrying text.
    /// Length is counted in characters (grapheme clusters), as a reader counts them.
    public static func commentBody(_ raw: String, maxLength: Int) throws -> String {
        let body = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty {
            throw ParleyError.invalid("The comment is empty.", code: "empty_body")
        }
        if body.unicodeScalars.contains("\u{0}") {
            throw ParleyError.invalid("The comment contains a NUL character, which cannot be stored.", code: "invalid_body")
        }
        let length = body.count
        if length > maxLength {
            throw ParleyError.invalid("The comment is \(length) characters long; the limit is \(maxLength).",
                                      code: "body_too_long", details: ["limit": String(maxLength), "length": String(length)])
        }
        return body
    }

    /// Decodes bytes read from stdin or a file, refusing invalid UTF-8.
    public static func utf8(_ data: Data, what: String = "The input") throws -> String {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ParleyError.invalid("\(what) is not valid UTF-8 text.", code: "invalid_utf8")
        }
        return text
    }

    /// An author, reporter or voter name: trimmed, 1 to 100 characters, no control characters.
    public static func personName(_ raw: String, role: String = "author") throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw ParleyError.invalid("The \(role) name is empty.", code: "invalid_name")
        }
        guard name.count <= 100 else {
            throw ParleyError.invalid("The \(role) name is longer than 100 characters.", code: "invalid_name")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ParleyError.invalid("The \(role) name contains control characters.", code: "invalid_name")
        }
        return name
    }

    /// The identity key of a person's name: compatibility-normalized, case-folded, with runs
    /// of white space collapsed, so "Olena K." and "ＯＬＥＮＡ  k." are the same author.
    public static func nameKey(_ name: String) -> String {
        name.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }

    /// An e-mail address: trimmed, one @ with something before it and a dot after it, no
    /// white space, at most 254 characters. Read scalar by scalar, so that a combining mark
    /// after the @ or the dot does not hide it (the API's document states it as a pattern).
    public static func email(_ raw: String) throws -> String {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let scalars = email.unicodeScalars
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        guard scalars.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !scalars.contains(where: { $0.properties.isWhitespace })
        else {
            throw ParleyError.invalid("\"\(raw)\" is not an email address.", code: "invalid_email")
        }
        return email
    }

    /// An IPv4 or IPv6 address in its usual text form.
    public static func ipAddress(_ raw: String) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        var v4 = in_addr()
        var v6 = in6_addr()
        guard inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1 else {
            throw ParleyError.invalid("\"\(raw)\" is not an IP address.", code: "invalid_ip")
        }
        return text
    }

    /// An article key: the site's stable id, 1 to 300 characters without spaces or controls.
    public static func articleKey(_ raw: String) throws -> String {
        let key = raw.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.count <= 300,
              !key.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
        else {
            throw ParleyError.invalid("\"\(raw)\" is not a valid article key (1 to 300 characters, no spaces).", code: "invalid_article_key")
        }
        return key
    }

    public static func articleTitle(_ raw: String) throws -> String {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 500 else {
            throw ParleyError.invalid("An article title must have 1 to 500 characters.", code: "invalid_title")
        }
        return title
    }

    public static func tag(_ raw: String) throws -> String {
        let tag = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard !tag.isEmpty, tag.count <= 50, !tag.contains(where: { $0.isWhitespace || $0 == "," }) else {
            throw ParleyError.invalid("\"\(raw)\" is not a valid tag (1 to 50 characters, no spaces or commas).", code: "invalid_tag")
        }
        return tag
    }

    public static func url(_ raw: String) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw ParleyError.invalid("\"\(raw)\" is not an http(s) URL.", code: "invalid_url")
        }
        return text
    }

    public static func reason(_ raw: String) throws -> String {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ParleyError.invalid("The reason is empty.", code: "invalid_reason") }
        guard reason.count <= 1000 else { throw ParleyError.invalid("The reason is longer than 1,000 characters.", code: "invalid_reason") }
        return reason
    }
}
