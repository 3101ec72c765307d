/// Reads the renderer's output as a strict reviewer would, scalar by scalar (not by
/// `Character`, so a `>` followed by a combining mark is still seen as a `>`).
///
/// Output is inert when every `<` starts one of the allowed tags written exactly as parley
/// writes them (so no other tag and no other attribute can appear), every `&` starts one of
/// the five escapes, no `>`, `"` or `'` appears bare in text, tags nest properly with no link
/// in a link, and every `href` has an http, https or mailto scheme and spells none of
/// `javascript:`, `vbscript:`, `data:` anywhere, however encoded.
enum InertnessChecker {
    static let tags = ["<p>", "</p>", "<br>", "<em>", "</em>", "<strong>", "</strong>", "<code>", "</code>",
                       "<pre>", "</pre>", "<blockquote>", "</blockquote>", "</a>"].map { Array($0.unicodeScalars) }
    static let linkOpen = Array("<a href=\"".unicodeScalars)
    static let linkClose = Array("\" rel=\"nofollow ugc\">".unicodeScalars)
    static let escapes = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].map { Array($0.unicodeScalars) }

    enum Token: Equatable {
        case tag(String)
        case link(href: String)
        case text(String)
    }

    /// What is wrong with `html`; empty when it is inert.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        let tokens = tokenize(html, problems: &problems)
        var open: [String] = []
        for token in tokens {
            switch token {
            case .text: break
            case .link(let href):
                if open.contains("a") { problems.append("link inside a link") }
                open.append("a")
                problems += hrefProblems(href)
            case .tag("br"): break
            case .tag(let name) where name.hasPrefix("/"):
                if open.last == String(name.dropFirst()) { open.removeLast() } else {
                    problems.append("</\(name.dropFirst())> closes \(open.last.map { "<\($0)>" } ?? "nothing")")
                }
            case .tag(let name):
                open.append(name)
            }
        }
        if !open.isEmpty { problems.append("unclosed \(open)") }
        return problems
    }

    /// The text a reader sees, escapes decoded; a link's target follows its text unless the
    /// text is the target itself (a bare URL), so every letter of a body has a place here.
    static func visibleText(of html: String) -> String {
        var problems: [String] = []
        var shown = ""
        var link: (href: String, text: String)?
        for token in tokenize(html, problems: &problems) {
            switch token {
            case .text(let text):
                if link != nil { link!.text += text } else { shown += text }
            case .link(let href):
                link = (href, "")
            case .tag("/a"):
                if let (href, text) = link { shown += text == href ? text : text + href }
                link = nil
            case .tag:
                break
            }
        }
        return shown
    }

    static func tokenize(_ html: String, problems: inout [String]) -> [Token] {
        let scalars = Array(html.unicodeScalars)
        var tokens: [Token] = []
        var text = String.UnicodeScalarView()
        func endText() {
            if !text.isEmpty { tokens.append(.text(String(text))) }
            text = String.UnicodeScalarView()
        }
        var position = 0
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "<" {
                endText()
                if let tag = tags.first(where: { starts(scalars, with: $0, at: position) }) {
                    tokens.append(.tag(String(String.UnicodeScalarView(tag.dropFirst().dropLast()))))
                    position += tag.count
                } else if starts(scalars, with: linkOpen, at: position),
                          let quote = scalars[(position + linkOpen.count)...].firstIndex(of: "\""),
                          starts(scalars, with: linkClose, at: quote) {
                    let href = scalars[(position + linkOpen.count)..<quote]
                    if href.contains("<") || href.contains(">") || href.contains("'") { problems.append("bare < > or ' in href") }
                    problems += ampersandProblems(scalars, in: (position + linkOpen.count)..<quote)
                    tokens.append(.link(href: decodeEscapes(String(String.UnicodeScalarView(href)))))
                    position = quote + linkClose.count
                } else {
                    problems.append("unexpected markup: \(context(scalars, position))")
                    position += 1
                }
                continue
            }
            if scalar == ">" || scalar == "\"" || scalar == "'" {
                problems.append("bare \(scalar) in text: \(context(scalars, position))")
            }
            if scalar == "&" { problems += ampersandProblems(scalars, in: position..<position + 1) }
            text.append(scalar)
            position += 1
        }
        endText()
        return tokens.map { if case .text(let raw) = $0 { .text(decodeEscapes(raw)) } else { $0 } }
    }

    /// Scalar by scalar throughout: as `Character`s, a combining mark after `:` or `;` would
    /// hide a scheme or an escape from `hasPrefix` and `contains`.
    private static func hrefProblems(_ href: String) -> [String] {
        let trimmed = Array(href.unicodeScalars.drop { $0.value <= 0x20 }.map { $0.properties.lowercaseMapping.unicodeScalars.first ?? $0 })
        var problems: [String] = []
        if !["http://", "https://", "mailto:"].contains(where: { trimmed.starts(with: $0.unicodeScalars) }) {
            problems.append("href with a scheme other than http, https, mailto: \(href)")
        }
        let spelled = Array(URLDecoding.spelledOut(href).unicodeScalars)
        for scheme in ["javascript:", "vbscript:", "data:"] where contains(spelled, Array(scheme.unicodeScalars)) {
            problems.append("href spells \(scheme) \(href)")
        }
        return problems
    }

    static func contains(_ scalars: [Unicode.Scalar], _ part: [Unicode.Scalar]) -> Bool {
        scalars.indices.contains { starts(scalars, with: part, at: $0) }
    }

    private static func ampersandProblems(_ scalars: [Unicode.Scalar], in range: Range<Int>) -> [String] {
        range.filter { index in
            scalars[index] == "&" && !escapes.contains { starts(scalars, with: $0, at: index) }
        }.map { "unescaped & at \(context(scalars, $0))" }
    }

    static func starts(_ scalars: [Unicode.Scalar], with prefix: [Unicode.Scalar], at position: Int) -> Bool {
        position + prefix.count <= scalars.count && scalars[position..<(position + prefix.count)].elementsEqual(prefix)
    }

    private static func context(_ scalars: [Unicode.Scalar], _ position: Int) -> String {
        String(String.UnicodeScalarView(scalars[max(0, position - 10)..<min(scalars.count, position + 20)]))
    }

    /// Undoes the five escapes, as a browser reading the output would.
    static func decodeEscapes(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let decoded: [(escape: [Unicode.Scalar], scalar: Unicode.Scalar)] = zip(escapes, ["&", "<", ">", "\"", "'"]).map { ($0, $1) }
        var out = String.UnicodeScalarView()
        var position = 0
        while position < scalars.count {
            if let match = decoded.first(where: { starts(scalars, with: $0.escape, at: position) }) {
                out.append(match.scalar)
                position += match.escape.count
            } else {
                out.append(scalars[position])
                position += 1
            }
        }
        return String(out)
    }
}
