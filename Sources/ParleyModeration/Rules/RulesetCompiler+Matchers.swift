import ParleyText
import Yams

extension RulesetCompiler {
    /// Registers a `words` or `phrases` list with these options; returns its set id.
    mutating func textSet(_ node: Node, key: String, kind: TextSets.Kind, options: NormalizationOptions) -> Int? {
        let (entries, marks) = entries(node, key: key)
        guard !entries.isEmpty else { return nil }
        return textSets.add(entries, kind: kind, options: options, marks: marks, origin: node.mark)
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
