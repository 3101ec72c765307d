import Crypto
import Foundation
import ParleyCore
import ParleyText

/// A validated ruleset, compiled once and used by any number of threads at a time.
public final class CompiledRuleset: Sendable {
    public let source: String
    let rules: [CompiledRule]
    public let defaultOptions: NormalizationOptions
    let textSets: CompiledTextSets
    let regexSet: RegexSet
    let authorWindows: [Int]
    let ipWindows: [Int]
    let duplicateWindows: [Int]

    init(source: String, rules: [CompiledRule], defaultOptions: NormalizationOptions, textSets: CompiledTextSets,
         regexSet: RegexSet, factWindows: ([Int], [Int], [Int])) {
        self.source = source
        self.rules = rules
        self.defaultOptions = defaultOptions
        self.textSets = textSets
        self.regexSet = regexSet
        (authorWindows, ipWindows, duplicateWindows) = factWindows
    }

    /// Validates and compiles a RULES.md document; every problem is reported at once.
    public static func compile(_ yaml: String) throws(InvalidRuleset) -> CompiledRuleset {
        try RulesetCompiler.compile(yaml)
    }

    public var ruleNames: [String] { rules.map(\.name) }

    /// Bytes held by the word and phrase automata (RE2 keeps its own, bounded per pattern).
    public var memoryFootprint: Int {
        textSets.matchers.reduce(0) { $0 + $1.memoryFootprint }
    }
    public var enabledRuleCount: Int { rules.filter(\.enabled).count }
    /// A ruleset without enabled rules approves everything.
    public var approvesEverything: Bool { enabledRuleCount == 0 }

    public func factRequest(body: String, ip: String?) -> FactRequest {
        FactRequest(authorWindows: authorWindows, ipWindows: ip == nil ? [] : ipWindows, duplicateWindows: duplicateWindows,
                    fingerprint: Self.fingerprint(body), ip: ip)
    }

    /// The same normalized words give the same fingerprint, whoever posts them and wherever.
    public static func fingerprint(_ body: String) -> String {
        let words = PreparedText(body, options: NormalizationOptions()).normalizedWords
        return Hex.string(SHA256.hash(data: Data(words.utf8)).prefix(16))
    }

    /// Runs every enabled rule over the comment and combines what fired (RULES.md: the most
    /// severe action wins, censor rides along, pre-moderation turns approve/flag into hold).
    public func decide(_ input: ModerationInput, decidedBy: String) -> ModerationDecision {
        let evaluation = Evaluation(ruleset: self, input: input)
        var fired: [FiredRule] = []
        var censorRanges: [Range<Int>] = []
        var action = ModerationAction.approve
        var censoring = false
        for rule in rules where rule.enabled {
            var evidence: [Range<Int>] = []
            guard evaluation.holds(rule.when, evidence: &evidence, collectAll: rule.action == .censor) else { continue }
            if let unless = rule.unless {
                var ignored: [Range<Int>] = []
                if evaluation.holds(unless, evidence: &ignored, collectAll: false) { continue }
            }
            let first = evidence.min { $0.lowerBound < $1.lowerBound }
            fired.append(FiredRule(
                name: rule.name, action: rule.action, reason: rule.reason,
                match: first.map { evaluation.originalText($0) }, span: first.map { evaluation.scalarSpan($0) }))
            if rule.action == .censor {
                censoring = true
                censorRanges += evidence
            } else if rule.action > action {
                action = rule.action
            }
        }
        if censoring && action == .approve { action = .censor }
        let reasonSource = fired.filter { $0.action == action && $0.reason != nil }.first
        var decision = ModerationDecision(
            action: action,
            censoredBody: censoring && !censorRanges.isEmpty ? Censor.mask(input.body, utf8Ranges: censorRanges) : nil,
            firedRules: fired, decidedBy: decidedBy, reason: reasonSource?.reason)
        decision = ArticleModePolicy.applyArticleMode(decision, article: input.article)
        return decision
    }
}
