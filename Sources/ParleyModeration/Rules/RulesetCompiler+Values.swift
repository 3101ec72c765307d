import ParleyText
import Yams

extension RulesetCompiler {
    mutating func problem(at node: Node?, _ message: String) {
        problem(at: node?.mark, message)
    }

    mutating func problem(at mark: Mark?, _ message: String) {
        problems.append(RuleProblem(line: mark?.line ?? 1, column: mark?.column ?? 1, message))
    }

    func syntaxProblem(_ error: any Error) -> RuleProblem {
        switch error {
        case let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
             let YamlError.composer(_, problem, mark, _):
            return RuleProblem(line: mark.line, column: mark.column, "YAML syntax: \(problem)")
        case let YamlError.duplicatedKeysInMapping(duplicates, context):
            return RuleProblem(line: context.mark.line, column: context.mark.column,
                               "duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", ")) in one mapping")
        case let YamlError.reader(problem, _, _, _):
            return RuleProblem(line: 1, column: 1, "YAML: \(problem)")
        default:
            return RuleProblem(line: 1, column: 1, "YAML: \(error)")
        }
    }

    mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], in place: String) {
        for key in mapping.keys {
            guard let name = key.string, allowed.contains(name) else {
                problem(at: key, "unknown key `\(key.string ?? "?")` in \(place) (expected \(allowed.joined(separator: ", ")))")
                continue
            }
        }
    }

    mutating func boolean(_ node: Node, key: String) -> Bool {
        switch node.string?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problem(at: node, "`\(key)` must be true or false")
            return true
        }
    }

    mutating func normalizationOptions(_ node: Node, base: NormalizationOptions) -> NormalizationOptions {
        var options = base
        guard let mapping = node.mapping else {
            problem(at: node, "`normalize` must map steps to true or false")
            return options
        }
        let steps = Dictionary(uniqueKeysWithValues: NormalizationOptions.stepKeys.map { ($0.key, $0.path) })
        for (key, value) in mapping {
            guard let name = key.string, let path = steps[name] else {
                problem(at: key, "unknown normalization step `\(key.string ?? "?")` (expected \(NormalizationOptions.stepKeys.map(\.key).joined(separator: ", ")))")
                continue
            }
            options[keyPath: path] = boolean(value, key: name)
        }
        return options
    }

    /// A number, or a map of `lt`, `lte`, `gt`, `gte`, `eq`; `durations` reads `30s`, `10m`, `24h`, `7d`.
    mutating func comparison(_ node: Node, key: String, durations: Bool = false, range: ClosedRange<Double>? = nil) -> Comparison {
        func value(_ node: Node) -> Double? {
            guard let text = node.string else { return nil }
            if durations {
                if let seconds = DurationText.seconds(text) { return Double(seconds) }
                problem(at: node, "`\(key)` takes durations such as 30s, 10m, 24h or 7d, not `\(text)`")
                return nil
            }
            guard let number = Double(text) else {
                problem(at: node, "`\(key)` takes a number, not `\(text)`")
                return nil
            }
            if let range, !range.contains(number) {
                problem(at: node, "`\(key)` takes a number from \(Self.plain(range.lowerBound)) to \(Self.plain(range.upperBound))")
            }
            return number
        }
        if node.scalar != nil {
            return Comparison(equal: value(node))
        }
        guard let mapping = node.mapping, !mapping.isEmpty else {
            problem(at: node, "`\(key)` takes \(durations ? "a duration" : "a number") or a comparison such as {gte: 3}")
            return Comparison()
        }
        var comparison = Comparison()
        for (operatorNode, operand) in mapping {
            let number = value(operand)
            switch operatorNode.string {
            case "lt": comparison.lessThan = number
            case "lte": comparison.atMost = number
            case "gt": comparison.greaterThan = number
            case "gte": comparison.atLeast = number
            case "eq": comparison.equal = number
            default: problem(at: operatorNode, "unknown comparison `\(operatorNode.string ?? "?")` in `\(key)` (expected lt, lte, gt, gte, eq)")
            }
        }
        return comparison
    }

    mutating func window(_ node: Node?, key: String, at parent: Node) -> Int {
        guard let node else {
            problem(at: parent, "`\(key)` needs a `window`, such as 10m")
            return 0
        }
        guard let text = node.string, let seconds = DurationText.seconds(text), seconds > 0 else {
            problem(at: node, "`window` takes a duration such as 30s, 10m, 24h or 7d")
            return 0
        }
        return seconds
    }

    /// A list of strings, where an item (or the whole value) may be `@name` for a list of `lists:`.
    /// Returns the entries and where each came from.
    mutating func entries(_ node: Node, key: String) -> (entries: [String], marks: [String: Mark]) {
        var entries: [String] = []
        var marks: [String: Mark] = [:]
        func add(_ item: Node) {
            guard let text = item.scalar?.string, !text.isEmpty else {
                problem(at: item, "`\(key)` takes strings or @list references")
                return
            }
            if text.hasPrefix("@") {
                let name = String(text.dropFirst())
                guard let list = lists[name] else {
                    problem(at: item, "unknown list reference `\(text)` (define it under `lists:`)")
                    return
                }
                entries += list.entries
                marks.merge(list.marks) { first, _ in first }
            } else {
                entries.append(text)
                marks[text] = item.mark
            }
        }
        if let sequence = node.sequence {
            if sequence.isEmpty { problem(at: node, "`\(key)` is an empty list") }
            sequence.forEach(add)
        } else if node.scalar != nil {
            add(node)
        } else {
            problem(at: node, "`\(key)` takes a list of strings or an @list reference")
        }
        return (entries, marks)
    }
}

extension RulesetCompiler {
    /// 0 and 1 rather than 0.0 and 1.0 in messages.
    static func plain(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}
