/// Which URLs may become an `href`: the only gate between a body and an attribute that a
/// browser might run.
///
/// A URL is allowed when all of these hold:
/// - it holds no character `isForbiddenInURL` rejects (no whitespace, controls, bidi or
///   zero-width characters, no `< > " \` [ ]` or backtick), so what the browser parses is
///   exactly what was checked;
/// - it starts, ignoring ASCII case, with `http://`, `https://` or `mailto:` followed by
///   something. Relative URLs are refused: a comment has no base to be relative to;
/// - spelled out with `URLSpelling` (entities and percent escapes decoded, invisible
///   characters dropped, lowercased), it still starts with that scheme and contains none of
///   `javascript:`, `vbscript:`, `data:` anywhere, so no redirect parameter of some other page
///   can carry one either.
///
/// The `href` written is the URL as typed, with `& < > " '` escaped, so the browser decodes it
/// back to exactly the string checked here.
enum LinkPolicy {
    static let allowedSchemes = ["http://", "https://", "mailto:"].map { Array($0.unicodeScalars) }
    static let forbiddenSchemes = ["javascript:", "vbscript:", "data:"].map { Array($0.unicodeScalars) }

    static func allows(_ url: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !url.contains(where: \.isForbiddenInURL) else { return false }
        let typed = url.map { $0.lowercasedASCII() }
        guard let scheme = allowedSchemes.first(where: { typed.starts(with: $0) }),
              typed.count > scheme.count else { return false }
        // Compared scalar by scalar: as `String`s, a combining mark after the `:` would
        // merge with it into another `Character` and hide the scheme.
        guard let spelled = URLSpelling.spelledOut(url), spelled.starts(with: scheme) else { return false }
        return !forbiddenSchemes.contains { contains(spelled, $0) }
    }

    private static func contains(_ scalars: [Unicode.Scalar], _ part: [Unicode.Scalar]) -> Bool {
        guard scalars.count >= part.count else { return false }
        return (0...(scalars.count - part.count)).contains { start in
            scalars[start] == part[0] && scalars[start..<(start + part.count)].elementsEqual(part)
        }
    }
}
