import ParleyCore
import ParleyText
import Yams

extension RulesetCompiler {
    /// A `when`/`unless`/`any` item/`not` map: every key must hold.
    mutating func conditionMap(_ node: Node, key: String, options: NormalizationOptions) -> Condition {
        guard let mapping = node.mapping else {
            problem(at: node, "`\(key)` must be a map of conditions (body, author, article, request, any, not)")
            return .all([])
        }
        var parts: [Condition] = []
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "body": parts += body(value, options: options)
            case "author": parts += author(value)
            case "article": parts += article(value)
            case "request": parts += request(value)
            case "any":
                guard let items = value.sequence, !items.isEmpty else {
                    problem(at: value, "`any` takes a list of condition maps")
                    continue
                }
                parts.append(.any(items.map { conditionMap($0, key: "any", options: options) }))
            case "not":
                parts.append(.not(conditionMap(value, key: "not", options: options)))
            default:
                problem(at: keyNode, "unknown key `\(keyNode.string ?? "?")` in `\(key)` (expected body, author, article, request, any, not)")
            }
        }
        return .all(parts)
    }

    mutating func body(_ node: Node, options inherited: NormalizationOptions) -> [Condition] {
        guard let mapping = node.mapping else {
            problem(at: node, "`body` must be a map of body conditions")
            return []
        }
        let allowed = ["words", "phrases", "regex", "links", "link-domains", "length", "caps-ratio", "repeated-chars",
                       "duplicate", "normalize"]
        checkKeys(mapping, allowed: allowed, in: "`body`")
        let options = mapping["normalize"].map { normalizationOptions($0, base: inherited) } ?? inherited
        var parts: [Condition] = []
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "words": if let set = textSet(value, key: "words", kind: .words, options: options) { parts.append(.words(set: set)) }
            case "phrases": if let set = textSet(value, key: "phrases", kind: .phrases, options: options) { parts.append(.phrases(set: set)) }
            case "regex": parts.append(.regex(patterns: bodyRegexes(value)))
            case "links": parts.append(.links(comparison(value, key: "links")))
            case "link-domains": parts.append(.linkDomains(DomainSet(entries(value, key: "link-domains").entries)))
            case "length": parts.append(.length(comparison(value, key: "length")))
            case "caps-ratio": parts.append(.capsRatio(comparison(value, key: "caps-ratio", range: 0...1)))
            case "repeated-chars": parts.append(.repeatedCharacters(comparison(value, key: "repeated-chars")))
            case "duplicate":
                guard let settings = value.mapping else {
                    problem(at: value, "`duplicate` takes {window: 24h}")
                    continue
                }
                checkKeys(settings, allowed: ["window"], in: "`duplicate`")
                let seconds = window(settings["window"], key: "duplicate", at: value)
                requirements.duplicateWindows.insert(seconds)
                parts.append(.duplicate(window: seconds))
            default: break
            }
        }
        return parts
    }

    mutating func author(_ node: Node) -> [Condition] {
        guard let mapping = node.mapping else {
            problem(at: node, "`author` must be a map of author conditions")
            return []
        }
        checkKeys(mapping, allowed: ["trust", "approved-comments", "rejected-comments", "account-age", "comments-in", "name", "email-domain"],
                  in: "`author`")
        var parts: [Condition] = []
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "trust":
                let levels = value.sequence.map { $0.compactMap(\.string) } ?? value.string.map { [$0] } ?? []
                let known = Set(TrustLevel.allCases.map(\.rawValue) + ["banned"])
                if levels.isEmpty { problem(at: value, "`trust` takes new, regular, trusted or banned (or a list of them)") }
                for level in levels where !known.contains(level) {
                    problem(at: value, "unknown trust level `\(level)` (expected new, regular, trusted or banned)")
                }
                parts.append(.trust(Set(levels)))
            case "approved-comments": parts.append(.approvedComments(comparison(value, key: "approved-comments")))
            case "rejected-comments": parts.append(.rejectedComments(comparison(value, key: "rejected-comments")))
            case "account-age": parts.append(.accountAge(comparison(value, key: "account-age", durations: true)))
            case "comments-in":
                let (seconds, count) = windowCount(value, key: "comments-in")
                requirements.authorWindows.insert(seconds)
                parts.append(.commentsIn(window: seconds, count: count))
            case "name": parts += authorName(value)
            case "email-domain": parts.append(.emailDomain(DomainSet(entries(value, key: "email-domain").entries)))
            default: break
            }
        }
        return parts
    }

    mutating func authorName(_ node: Node) -> [Condition] {
        guard let mapping = node.mapping else {
            problem(at: node, "`name` takes {words: [...]}, {phrases: [...]} or {regex: [...]}")
            return []
        }
        checkKeys(mapping, allowed: ["words", "phrases", "regex"], in: "`name`")
        var parts: [Condition] = []
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "words": if let set = textSet(value, key: "words", kind: .words, options: defaultOptions) { parts.append(.nameWords(set: set)) }
            case "phrases": if let set = textSet(value, key: "phrases", kind: .phrases, options: defaultOptions) { parts.append(.namePhrases(set: set)) }
            case "regex": parts.append(.nameRegex(regexList(value).compactMap { try? CompiledRegex($0.pattern) }))
            default: break
            }
        }
        return parts
    }

    mutating func article(_ node: Node) -> [Condition] {
        guard let mapping = node.mapping else {
            problem(at: node, "`article` must be a map of article conditions")
            return []
        }
        checkKeys(mapping, allowed: ["tags", "age", "mode"], in: "`article`")
        var parts: [Condition] = []
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "tags": parts.append(.tags(Set(entries(value, key: "tags").entries.map { $0.lowercased() })))
            case "age": parts.append(.articleAge(comparison(value, key: "age", durations: true)))
            case "mode":
                if let text = value.string, let mode = ModerationMode(rawValue: text) {
                    parts.append(.articleMode(mode))
                } else {
                    problem(at: value, "`mode` is pre or post")
                }
            default: break
            }
        }
        return parts
    }

    mutating func request(_ node: Node) -> [Condition] {
        guard let mapping = node.mapping else {
            problem(at: node, "`request` must be a map of request conditions")
            return []
        }
        checkKeys(mapping, allowed: ["ip", "comments-from-ip-in"], in: "`request`")
        var parts: [Condition] = []
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "ip":
                var ranges: [AddressRange] = []
                for item in value.sequence ?? [value] {
                    if let text = item.string, let range = AddressRange(text) {
                        ranges.append(range)
                    } else {
                        problem(at: item, "`\(item.string ?? "?")` is not an IP address or CIDR range")
                    }
                }
                parts.append(.ipAddress(ranges))
            case "comments-from-ip-in":
                let (seconds, count) = windowCount(value, key: "comments-from-ip-in")
                requirements.ipWindows.insert(seconds)
                parts.append(.commentsFromIPIn(window: seconds, count: count))
            default: break
            }
        }
        return parts
    }

    mutating func windowCount(_ node: Node, key: String) -> (Int, Comparison) {
        guard let mapping = node.mapping else {
            problem(at: node, "`\(key)` takes {window: 10m, count: {gte: 5}}")
            return (0, Comparison())
        }
        checkKeys(mapping, allowed: ["window", "count"], in: "`\(key)`")
        let seconds = window(mapping["window"], key: key, at: node)
        guard let countNode = mapping["count"] else {
            problem(at: node, "`\(key)` needs a `count`, such as {gte: 5}")
            return (seconds, Comparison())
        }
        return (seconds, comparison(countNode, key: "count"))
    }
}
