import ParleyCore
import ParleyText
import Yams

/// Reads a ruleset document (RULES.md) and compiles it, collecting every problem with its
/// line and column instead of stopping at the first.
struct RulesetCompiler {
    var problems: [RuleProblem] = []
    var defaultOptions = NormalizationOptions()
    var lists: [String: ListSource] = [:]
    var textSets = TextSets()
    var regexes: [CompiledRegex] = []
    var regexIndex: [String: Int] = [:]
    var requirements = Requirements()

    struct ListSource {
        var entries: [String]
        var marks: [String: Mark]
    }

    struct Requirements {
        var authorWindows = Set<Int>()
        var ipWindows = Set<Int>()
        var duplicateWindows = Set<Int>()
    }

    static func compile(_ yaml: String) throws(InvalidRuleset) -> CompiledRuleset {
        var compiler = RulesetCompiler()
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw InvalidRuleset([compiler.syntaxProblem(error)])
        }
        guard let root, let document = root.mapping else {
            throw InvalidRuleset([RuleProblem(line: 1, column: 1, "the ruleset must be a YAML mapping with `version` and `rules`")])
        }
        let rules = compiler.compileDocument(document, at: root.mark)
        var textProblems: [RuleProblem] = []
        let textSets = CompiledTextSets.compile(compiler.textSets) { mark, message in
            textProblems.append(RuleProblem(line: mark?.line ?? 1, column: mark?.column ?? 1, message))
        }
        compiler.problems += textProblems
        if !compiler.problems.isEmpty { throw InvalidRuleset(compiler.problems) }
        return CompiledRuleset(
            source: yaml, rules: rules, defaultOptions: compiler.defaultOptions, textSets: textSets,
            regexSet: RegexSet(compiler.regexes),
            factWindows: (compiler.requirements.authorWindows.sorted(), compiler.requirements.ipWindows.sorted(),
                          compiler.requirements.duplicateWindows.sorted()))
    }

    mutating func compileDocument(_ document: Node.Mapping, at mark: Mark?) -> [CompiledRule] {
        checkKeys(document, allowed: ["version", "normalize", "lists", "rules"], in: "the ruleset")
        if let version = document["version"] {
            if version.string != "1" { problem(at: version, "unsupported version \(version.string ?? "?"); the only version is 1") }
        } else {
            problem(at: mark, "missing required key `version` (use `version: 1`)")
        }
        if let normalize = document["normalize"] { defaultOptions = normalizationOptions(normalize, base: NormalizationOptions()) }
        if let lists = document["lists"] { readLists(lists) }
        guard let rulesNode = document["rules"] else {
            problem(at: mark, "missing required key `rules` (a list of rules; `rules: []` approves everything)")
            return []
        }
        guard let sequence = rulesNode.sequence else {
            problem(at: rulesNode, "`rules` must be a list of rules")
            return []
        }
        var seen: [String: Int] = [:]
        var rules: [CompiledRule] = []
        for node in sequence {
            guard let rule = compileRule(node) else { continue }
            if let line = seen[rule.name] {
                problem(at: node.mapping?["name"] ?? node, "duplicate rule name `\(rule.name)` (first used on line \(line))")
            } else {
                seen[rule.name] = (node.mapping?["name"] ?? node).mark?.line ?? 0
            }
            rules.append(rule)
        }
        return rules
    }

    mutating func readLists(_ node: Node) {
        guard let mapping = node.mapping else {
            problem(at: node, "`lists` must map list names to lists of entries")
            return
        }
        for (key, value) in mapping {
            guard let name = key.string, name.wholeMatch(of: /[a-z0-9][a-z0-9-]*/) != nil else {
                problem(at: key, "list names use lowercase letters, digits and dashes")
                continue
            }
            guard let items = value.sequence else {
                problem(at: value, "the list `\(name)` must be a list of strings")
                continue
            }
            var source = ListSource(entries: [], marks: [:])
            for item in items {
                guard let entry = item.scalar?.string, !entry.isEmpty else {
                    problem(at: item, "entries of the list `\(name)` must be non-empty strings")
                    continue
                }
                source.entries.append(entry)
                source.marks[entry] = item.mark
            }
            lists[name] = source
        }
    }

    mutating func compileRule(_ node: Node) -> CompiledRule? {
        guard let rule = node.mapping else {
            problem(at: node, "each rule must be a mapping with `name`, `when` and `action`")
            return nil
        }
        checkKeys(rule, allowed: ["name", "when", "unless", "action", "reason", "enabled"], in: "a rule")
        var name = "?"
        if let nameNode = rule["name"] {
            if let text = nameNode.string, text.wholeMatch(of: /[a-z0-9-]+/) != nil {
                name = text
            } else {
                problem(at: nameNode, "rule names use only lowercase letters, digits and dashes ([a-z0-9-]+)")
            }
        } else {
            problem(at: node, "missing required key `name`")
        }
        var action = ModerationAction.approve
        if let actionNode = rule["action"] {
            if let text = actionNode.string, let parsed = ModerationAction(rawValue: text) {
                action = parsed
            } else {
                problem(at: actionNode, "unknown action `\(actionNode.string ?? "?")` (expected approve, censor, flag, hold, spam or reject)")
            }
        } else {
            problem(at: node, "missing required key `action` in rule `\(name)`")
        }
        var reason: String?
        if let reasonNode = rule["reason"] {
            if let text = reasonNode.scalar?.string { reason = text } else { problem(at: reasonNode, "`reason` must be a string") }
        }
        let enabled = rule["enabled"].map { boolean($0, key: "enabled") } ?? true
        var when: Condition = .all([])
        if let whenNode = rule["when"] {
            when = conditionMap(whenNode, key: "when", options: defaultOptions)
        } else {
            problem(at: node, "missing required key `when` in rule `\(name)` (use `when: {}` for a rule that always fires)")
        }
        let unless = rule["unless"].map { conditionMap($0, key: "unless", options: defaultOptions) }
        return CompiledRule(name: name, action: action, reason: reason, enabled: enabled, when: when, unless: unless)
    }
}
