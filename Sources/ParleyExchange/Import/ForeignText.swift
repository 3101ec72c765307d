import Foundation
import ParleyCore

/// The field clean-ups the three importers share: article keys, names, titles, addresses.
enum ForeignText {
    /// parley's article key rule (1 to 300 characters, no white space or controls): trimmed,
    /// inner runs of white space and controls become "-". Nil when nothing is left.
    static func articleKey(_ raw: String?) -> String? {
        guard let raw else { return nil }
        var key = ""
        var inGap = false
        for scalar in raw.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                inGap = true
                continue
            }
            if inGap { key += "-" }
            inGap = false
            key.unicodeScalars.append(scalar)
        }
        return key.isEmpty ? nil : key
    }

    /// The path of a link as the site wrote it: "https://x.org/a/b?utm=1#c" gives "/a/b". The
    /// query is kept only when the path is "/" ("https://x.org/?p=528" gives "/?p=528"), where
    /// it is what tells the pages apart. Nil for an empty link.
    static func linkPath(_ link: String?) -> String? {
        guard var rest = link?.trimmingCharacters(in: .whitespacesAndNewlines), !rest.isEmpty else { return nil }
        if let schemeEnd = rest.range(of: "://") {
            let afterHost = rest[schemeEnd.upperBound...]
            rest = afterHost.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }).map { String(afterHost[$0...]) } ?? ""
        }
        if let hash = rest.firstIndex(of: "#") { rest = String(rest[..<hash]) }
        if rest.isEmpty || rest.first == "?" { rest = "/" + rest }
        if let query = rest.firstIndex(of: "?"), rest[..<query] != "/" { rest = String(rest[..<query]) }
        return rest
    }

    /// An author name parley accepts: controls and white-space runs become one space, at most
    /// 100 characters; "Anonymous" when empty.
    static func name(_ raw: String?, decodingEntities: Bool = false) -> String {
        let text = decodingEntities ? HTMLEntities.decode(raw ?? "") : (raw ?? "")
        let name = String(collapsed(text).prefix(100)).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? "Anonymous" : name
    }

    /// A title parley accepts (1 to 500 characters); the key when the source has none.
    static func title(_ raw: String?, fallback: String) -> String {
        let title = String(collapsed(raw ?? "").prefix(500)).trimmingCharacters(in: .whitespaces)
        return title.isEmpty ? fallback : title
    }

    /// The address when it is one, else nil (the source may hold "" or junk).
    static func email(_ raw: String?) -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        return try? TextRules.email(raw)
    }

    static func ip(_ raw: String?) -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        return try? TextRules.ipAddress(raw)
    }

    /// "true"/"1" (any case) is true; anything else, absence included, is false.
    static func flag(_ raw: String?) -> Bool {
        guard let value = raw?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() else { return false }
        return value == "true" || value == "1"
    }

    static func nonEmpty(_ raw: String?) -> String? {
        guard let value = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func collapsed(_ text: String) -> String {
        var out = ""
        var gap = false
        for scalar in text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                gap = true
            } else {
                if gap { out += " " }
                gap = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
