/// Which link targets survive an import: absolute http, https and mailto URLs, with the
/// characters that would end a Markdown link or a line percent-encoded. Anything else
/// (javascript:, data:, relative paths) keeps only its text.
enum LinkURL {
    static func safe(_ href: String?) -> String? {
        guard let href else { return nil }
        let scalars = href.unicodeScalars
        guard var start = scalars.firstIndex(where: { !$0.isHTMLTextSpace }),
              let last = scalars.lastIndex(where: { !$0.isHTMLTextSpace })
        else { return nil }
        let scheme = String(href[start...].prefix(8)).lowercased()
        guard scheme.hasPrefix("http://") || scheme.hasPrefix("https://") || scheme.hasPrefix("mailto:") else { return nil }
        var url = ""
        while start <= last {
            let scalar = scalars[start]
            start = scalars.index(after: start)
            switch scalar {
            case " ": url += "%20"
            case "(": url += "%28"
            case ")": url += "%29"
            case "<": url += "%3C"
            case ">": url += "%3E"
            case "\"": url += "%22"
            default:
                if scalar.isHTMLTextSpace || scalar.isControlCharacter { continue }
                url.unicodeScalars.append(scalar)
            }
        }
        return url
    }
}
