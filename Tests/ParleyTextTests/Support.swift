import ParleyText

/// The original text of each match, in order ("what the author typed").
func matchedTexts(_ matches: [TextMatch], in text: String) -> [String] {
    matches.map { String(decoding: Array(text.utf8)[$0.utf8Range], as: UTF8.self) }
}

/// The texts of the matches of a word list (all steps on unless `options` says otherwise).
func words(_ entries: [String], in text: String, options: NormalizationOptions = NormalizationOptions()) throws -> [String] {
    let matcher = try WordListMatcher(entries: entries, options: options)
    return matchedTexts(matcher.matches(in: PreparedText(text, options: options)), in: text)
}

/// The texts of the matches of a phrase list.
func phrases(_ entries: [String], in text: String, options: NormalizationOptions = NormalizationOptions()) throws -> [String] {
    let matcher = try PhraseMatcher(entries: entries, options: options)
    return matchedTexts(matcher.matches(in: PreparedText(text, options: options)), in: text)
}

extension NormalizationOptions {
    /// All steps on except the one at `path`.
    static func without(_ path: WritableKeyPath<NormalizationOptions, Bool>) -> NormalizationOptions {
        var options = NormalizationOptions()
        options[keyPath: path] = false
        return options
    }
}
