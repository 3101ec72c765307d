import Foundation
import ParleyCore
import ParleyText

/// One comment being judged: each text analysis runs at most once, however many rules ask.
final class Evaluation {
    let ruleset: CompiledRuleset
    let input: ModerationInput
    private var prepared: [NormalizationOptions: PreparedText] = [:]
    private var preparedName: [NormalizationOptions: PreparedText] = [:]
    private var firstWordMatch: [Int: TextMatch?] = [:]
    private var firstPhraseMatch: [Int: TextMatch?] = [:]
    private var matchingRegexes: Set<Int>?
    private var links: [LinkScanner.Link]?
    private var statistics: TextStatistics?

    init(ruleset: CompiledRuleset, input: ModerationInput) {
        self.ruleset = ruleset
        self.input = input
    }

    /// Whether `condition` holds; text conditions add the UTF-8 ranges of the body they
    /// matched to `evidence` (every occurrence with `collectAll`, for censoring).
    func holds(_ condition: Condition, evidence: inout [Range<Int>], collectAll: Bool) -> Bool {
        switch condition {
        case .all(let parts):
            for part in parts where !holds(part, evidence: &evidence, collectAll: collectAll) { return false }
            return true
        case .any(let parts):
            var found = false
            for part in parts where holds(part, evidence: &evidence, collectAll: collectAll) {
                found = true
                if !collectAll { break }
            }
            return found
        case .not(let inner):
            var ignored: [Range<Int>] = []
            return !holds(inner, evidence: &ignored, collectAll: false)

        case .words(let index):
            let matcher = ruleset.wordMatchers[index]
            return textMatch(matcher.options, cache: &firstWordMatch, index: index, evidence: &evidence, collectAll: collectAll,
                             first: { matcher.firstMatch(in: $0) }, all: { matcher.matches(in: $0) })
        case .phrases(let index):
            let matcher = ruleset.phraseMatchers[index]
            return textMatch(matcher.options, cache: &firstPhraseMatch, index: index, evidence: &evidence, collectAll: collectAll,
                             first: { matcher.firstMatch(in: $0) }, all: { matcher.matches(in: $0) })
        case .regex(let patterns):
            let matching = regexMatches()
            let hits = patterns.filter { matching.contains($0) }
            for index in hits.prefix(collectAll ? hits.count : 1) {
                if let range = ruleset.regexSet.regexes[index].firstMatch(in: input.body) { evidence.append(range) }
            }
            return !hits.isEmpty
        case .links(let comparison):
            return comparison.holds(foundLinks().count)
        case .linkDomains(let domains):
            let hits = foundLinks().filter { domains.contains(host: $0.host) }
            evidence += hits.prefix(collectAll ? hits.count : 1).map(\.utf8Range)
            return !hits.isEmpty
        case .length(let comparison):
            return comparison.holds(stats().length)
        case .capsRatio(let comparison):
            return comparison.holds(stats().capsRatio)
        case .repeatedCharacters(let comparison):
            return comparison.holds(stats().longestRun)
        case .duplicate(let window):
            return (input.facts.duplicates[window] ?? 0) > 0

        case .trust(let levels):
            if levels.contains("banned"), input.author?.isBanned(at: input.now) == true { return true }
            return levels.contains((input.author?.trust ?? .new).rawValue)
        case .approvedComments(let comparison):
            return comparison.holds(input.author?.approvedCount ?? 0)
        case .rejectedComments(let comparison):
            return comparison.holds(input.author?.rejectedCount ?? 0)
        case .accountAge(let comparison):
            let age = input.author.map { input.now.timeIntervalSince($0.firstSeenAt) } ?? 0
            return comparison.holds(max(0, age))
        case .commentsIn(let window, let count):
            return count.holds((input.facts.authorComments[window] ?? 0) + (input.editing == nil ? 1 : 0))
        case .nameWords(let index):
            return ruleset.wordMatchers[index].firstMatch(in: name(ruleset.wordMatchers[index].options)) != nil
        case .namePhrases(let index):
            return ruleset.phraseMatchers[index].firstMatch(in: name(ruleset.phraseMatchers[index].options)) != nil
        case .nameRegex(let regexes):
            return regexes.contains { $0.firstMatch(in: input.authorName) != nil }
        case .emailDomain(let domains):
            guard let email = input.email ?? input.author?.email, let at = email.lastIndex(of: "@") else { return false }
            return domains.contains(host: DomainSet.canonical(String(email[email.index(after: at)...])))

        case .tags(let tags):
            return input.article.tags.contains { tags.contains($0.lowercased()) }
        case .articleAge(let comparison):
            return comparison.holds(max(0, input.now.timeIntervalSince(input.article.publishedAt ?? input.article.createdAt)))
        case .articleMode(let mode):
            return input.article.mode == mode

        case .ipAddress(let ranges):
            guard let ip = input.ip else { return false }
            return ranges.contains { $0.contains(ip) }
        case .commentsFromIPIn(let window, let count):
            guard input.ip != nil else { return false }
            return count.holds((input.facts.ipComments[window] ?? 0) + (input.editing == nil ? 1 : 0))
        }
    }

    private func textMatch(_ options: NormalizationOptions, cache: inout [Int: TextMatch?], index: Int,
                           evidence: inout [Range<Int>], collectAll: Bool,
                           first: (PreparedText) -> TextMatch?, all: (PreparedText) -> [TextMatch]) -> Bool {
        let text = body(options)
        if collectAll {
            let found = all(text)
            evidence += found.map(\.utf8Range)
            return !found.isEmpty
        }
        let match: TextMatch?
        if let cached = cache[index] {
            match = cached
        } else {
            match = first(text)
            cache[index] = match
        }
        if let match { evidence.append(match.utf8Range) }
        return match != nil
    }

    private func body(_ options: NormalizationOptions) -> PreparedText {
        if let text = prepared[options] { return text }
        let text = PreparedText(input.body, options: options)
        prepared[options] = text
        return text
    }

    private func name(_ options: NormalizationOptions) -> PreparedText {
        if let text = preparedName[options] { return text }
        let text = PreparedText(input.authorName, options: options)
        preparedName[options] = text
        return text
    }

    private func regexMatches() -> Set<Int> {
        if let matchingRegexes { return matchingRegexes }
        let found = Set(ruleset.regexSet.matchingIndices(in: input.body))
        matchingRegexes = found
        return found
    }

    private func foundLinks() -> [LinkScanner.Link] {
        if let links { return links }
        let found = LinkScanner.links(in: input.body)
        links = found
        return found
    }

    private func stats() -> TextStatistics {
        if let statistics { return statistics }
        let computed = TextStatistics(input.body)
        statistics = computed
        return computed
    }

    func originalText(_ range: Range<Int>) -> String {
        let utf8 = input.body.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound, limitedBy: utf8.endIndex) ?? utf8.endIndex
        let end = utf8.index(utf8.startIndex, offsetBy: range.upperBound, limitedBy: utf8.endIndex) ?? utf8.endIndex
        return String(input.body[start..<end])
    }

    /// A UTF-8 range as Unicode scalar offsets [start, end), as the decision log records it.
    func scalarSpan(_ range: Range<Int>) -> [Int] {
        var start = 0, end = 0, position = 0
        for byte in input.body.utf8 {
            if position >= range.upperBound { break }
            if byte & 0xC0 != 0x80 {
                if position < range.lowerBound { start += 1 }
                end += 1
            }
            position += 1
        }
        return [start, end]
    }
}
