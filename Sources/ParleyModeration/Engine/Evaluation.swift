import Foundation
import ParleyCore
import ParleyText

/// One comment being judged: each text analysis runs at most once, however many rules ask.
final class Evaluation {
    let ruleset: CompiledRuleset
    let input: ModerationInput
    // Rulesets use one or two normalizations: a short list beats hashing the options.
    private var prepared: [PreparedText] = []
    private var preparedName: [PreparedText] = []
    /// Matches of each text-set group over the body (and over the author's name).
    private var bodyGroupMatches: [[TextMatch]?]
    private var nameGroupMatches: [[TextMatch]?]
    private var matchingRegexes: [Int]?
    private var links: [LinkScanner.Link]?
    private var statistics: TextStatistics?

    init(ruleset: CompiledRuleset, input: ModerationInput) {
        self.ruleset = ruleset
        self.input = input
        bodyGroupMatches = Array(repeating: nil, count: ruleset.textSets.matchers.count)
        nameGroupMatches = bodyGroupMatches
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

        case .words(let set), .phrases(let set):
            let hits = setMatches(set, name: false)
            evidence += hits.prefix(collectAll ? hits.count : 1).map(\.utf8Range)
            return !hits.isEmpty
        case .regex(let patterns):
            let matching = regexMatches()
            let hits = matching.isEmpty ? [] : patterns.filter { matching.contains($0) }
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
            return comparison.holds(cached(&statistics) { TextStatistics(input.body) }.length)
        case .capsRatio(let comparison):
            return comparison.holds(cached(&statistics) { TextStatistics(input.body) }.capsRatio)
        case .repeatedCharacters(let comparison):
            return comparison.holds(cached(&statistics) { TextStatistics(input.body) }.longestRun)
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
        case .nameWords(let set), .namePhrases(let set):
            return !setMatches(set, name: true).isEmpty
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

    /// The matches of one list (set): its group's automaton runs once per text, then the
    /// matches whose entry belongs to the set are kept.
    private func setMatches(_ set: Int, name: Bool) -> [TextMatch] {
        let group = ruleset.textSets.setGroups[set]
        let matches: [TextMatch]
        if let cached = name ? nameGroupMatches[group] : bodyGroupMatches[group] {
            matches = cached
        } else {
            let matcher = ruleset.textSets.matchers[group]
            matches = matcher.matches(in: name ? self.name(matcher.options) : body(matcher.options))
            if name { nameGroupMatches[group] = matches } else { bodyGroupMatches[group] = matches }
        }
        if matches.isEmpty { return [] }
        let owners = ruleset.textSets.owners[group]
        return matches.filter { owners[$0.entry].contains(Int32(set)) }
    }

    private func body(_ options: NormalizationOptions) -> PreparedText {
        if let text = prepared.first(where: { $0.options == options }) { return text }
        let text = PreparedText(input.body, options: options)
        prepared.append(text)
        return text
    }

    private func name(_ options: NormalizationOptions) -> PreparedText {
        if let text = preparedName.first(where: { $0.options == options }) { return text }
        let text = PreparedText(input.authorName, options: options)
        preparedName.append(text)
        return text
    }

    /// Indices of the ruleset's regexes that match the body, ascending.
    private func regexMatches() -> [Int] {
        if let matchingRegexes { return matchingRegexes }
        let found = ruleset.regexSet.matchingIndices(in: input.body)
        matchingRegexes = found
        return found
    }

    private func foundLinks() -> [LinkScanner.Link] {
        if let links { return links }
        let found = LinkScanner.links(in: input.body)
        links = found
        return found
    }

    private func cached<T>(_ slot: inout T?, _ compute: () -> T) -> T {
        if let value = slot { return value }
        let value = compute()
        slot = value
        return value
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
