import ParleyText
import Yams

extension RulesetCompiler {
    /// The index of a word-list (kind 0) or phrase (kind 1) matcher for these entries and
    /// options, shared by every rule that asks for the same.
    mutating func textMatcher(_ node: Node, key: String, kind: Int, options: NormalizationOptions) -> Int? {
        let (entries, marks) = entries(node, key: key)
        guard !entries.isEmpty else { return nil }
        let matcherKey = MatcherKey(kind: kind, entries: entries, options: options)
        if let index = matcherIndex[matcherKey] { return index }
        do {
            let index: Int
            if kind == 0 {
                wordMatchers.append(try WordListMatcher(entries: entries, options: options))
                index = wordMatchers.count - 1
            } else {
                phraseMatchers.append(try PhraseMatcher(entries: entries, options: options))
                index = phraseMatchers.count - 1
            }
            matcherIndex[matcherKey] = index
            return index
        } catch let error as TextPatternError {
            problem(at: marks[error.entry] ?? node.mark, "bad entry `\(error.entry)` in `\(key)`: \(error.message)")
        } catch {
            problem(at: node, "bad `\(key)`: \(error)")
        }
        return nil
    }

    /// Patterns of a body `regex`, added to the ruleset's regex set; returns their indices.
    mutating func bodyRegexes(_ node: Node) -> [Int] {
        regexList(node).compactMap { item in
            if let index = regexIndex[item.pattern] { return index }
            guard let regex = try? CompiledRegex(item.pattern) else { return nil }
            regexes.append(regex)
            regexIndex[item.pattern] = regexes.count - 1
            return regexes.count - 1
        }
    }

    /// The patterns of a `regex` value, each checked by RE2; bad ones are reported and left out.
    mutating func regexList(_ node: Node) -> [(pattern: String, mark: Mark?)] {
        let items = node.sequence ?? [node]
        if items.isEmpty { problem(at: node, "`regex` is an empty list") }
        var patterns: [(String, Mark?)] = []
        for item in items {
            guard let pattern = item.scalar?.string, !pattern.isEmpty else {
                problem(at: item, "`regex` takes a list of patterns")
                continue
            }
            do {
                _ = try CompiledRegex(pattern)
                patterns.append((pattern, item.mark))
            } catch {
                problem(at: item, "bad regex `\(pattern)`: \(error.message)")
            }
        }
        return patterns
    }
}
