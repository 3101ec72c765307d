import Foundation
import ParleyCore
import ParleyRender

/// The article page of `parley serve --demo-pages`: a newspaper page written for parley with
/// the two embed lines, in English or Ukrainian (`?lang=uk`).
struct DemoPage {
    /// The strict policy the page is served under: the embed must work inside it.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    struct Words {
        let tagline, kicker, byline, comments, more, footer, missing, placeholder: String
    }

    static let words: [String: Words] = [
        "en": Words(tagline: "A demonstration newspaper for parley", kicker: "World", byline: "By the Ledger's foreign desk",
                    comments: "Comments", more: "More stories", footer: "A demo page served by parley serve --demo-pages. Nothing here is real news but the discussion.",
                    missing: "There is no article with this key.", placeholder: "story-placeholder.en.html"),
        "uk": Words(tagline: "Демонстраційна газета для parley", kicker: "Світ", byline: "Міжнародний відділ «Леджера»",
                    comments: "Коментарі", more: "Інші статті", footer: "Демонстраційна сторінка parley serve --demo-pages. Справжнє тут лише обговорення.",
                    missing: "Статті з таким ключем немає.", placeholder: "story-placeholder.uk.html"),
    ]

    let lang: String

    init(lang: String?) {
        self.lang = lang.flatMap { Self.words[$0] == nil ? nil : $0 } ?? "en"
    }

    /// The page of one article, with links (and comment counts) to a few others.
    func render(article: Article, others: [Article]) -> String {
        let w = Self.words[lang]!
        let story = EmbedAssets.text("story-\(article.key).\(lang).html") ?? EmbedAssets.text(w.placeholder) ?? ""
        let suffix = lang == "en" ? "" : "?lang=\(lang)"
        let links = others.map { other in
            let key = escape(other.key)
            return "    <li><a href=\"/demo/\(key)\(suffix)\">\(escape(other.title))</a> <span data-parley-count=\"\(key)\">\(escape(w.comments))</span></li>"
        }
        return fill([
            "lang": lang, "title": escape(article.title), "key": escape(article.key), "tagline": escape(w.tagline),
            "kicker": escape(w.kicker), "byline": escape(w.byline), "comments": escape(w.comments), "more": escape(w.more),
            "footer": escape(w.footer), "story": story, "links": links.joined(separator: "\n"),
        ])
    }

    /// The 404 page for a key without an article (no embed on it).
    func missing(key: String) -> String {
        let w = Self.words[lang]!
        return "<!doctype html>\n<html lang=\"\(lang)\"><head><meta charset=\"utf-8\"><title>404</title>"
            + "<link rel=\"stylesheet\" href=\"/demo.css\"></head><body><main><h1>404</h1><p>\(escape(w.missing))</p>"
            + "<p><code>\(escape(key))</code></p></main></body></html>\n"
    }

    private func escape(_ text: String) -> String { SafeMarkdown.escapeText(text) }

    /// Replaces each {{name}} of the template once, in one pass (values are never re-scanned).
    private func fill(_ values: [String: String]) -> String {
        var out = "", rest = Substring(EmbedAssets.demoTemplate.text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close.lowerBound])
            out += values[name] ?? ""
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
