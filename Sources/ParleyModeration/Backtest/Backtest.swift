import Foundation
import ParleyCore
import Synchronization

/// Runs a draft ruleset over stored comments and reports what it would have done: per rule,
/// what it catches; overall, which decisions change, and where it disagrees with moderators.
public struct Backtest: Sendable {
    public let draft: CompiledRuleset
    public let sampleLimit: Int

    public init(draft: CompiledRuleset, sampleLimit: Int = 20) {
        self.draft = draft
        self.sampleLimit = sampleLimit
    }

    public func run(over history: any ModerationHistory, since: Date) async throws -> BacktestReport {
        let request = draft.factRequest(body: "", ip: "0.0.0.0")
        let windows = FactRequest(authorWindows: request.authorWindows, ipWindows: request.ipWindows,
                                  duplicateWindows: request.duplicateWindows)
        let report = Mutex(BacktestReport(since: since, ruleNames: draft.ruleNames))
        let draft = self.draft
        let sampleLimit = self.sampleLimit
        _ = try await history.stream(since: since, windows: windows) { stored in
            let decision = draft.decide(Self.input(for: stored), decidedBy: "draft")
            report.withLock { $0.add(stored, decision: decision, sampleLimit: sampleLimit) }
        }
        return report.withLock { $0 }
    }

    static func input(for stored: HistoricalComment) -> ModerationInput {
        // Edited comments count as new posts at their creation time; facts were counted before it.
        ModerationInput(body: stored.comment.body, article: stored.article, author: stored.author,
                        authorName: stored.comment.authorName, email: stored.email, ip: stored.ip,
                        facts: stored.facts, now: stored.comment.createdAt)
    }
}

/// What `rules backtest` prints.
public struct BacktestReport: Sendable, Encodable {
    public struct RuleOutcome: Sendable, Encodable {
        public var name: String
        /// Comments the rule fires on.
        public var caught = 0
        /// Of those, comments readers can see today.
        public var caughtVisible = 0
        public var examples: [Example] = []
    }

    public struct Example: Sendable, Encodable {
        public var id: Int64
        public var article: String
        public var currentState: String
        public var draftState: String
        public var rules: [String]
        public var match: String?
        public var excerpt: String
        public var decidedBy: String?
    }

    public var since: Date
    public var examined = 0
    public var rules: [RuleOutcome]
    /// "published → pending": count.
    public var changes: [String: Int] = [:]
    public var changed: [Example] = []
    /// Comments a moderator published that the draft would hide.
    public var hidesModeratorApproved = 0
    /// Comments a moderator hid (rejected or marked spam) that the draft would publish.
    public var publishesModeratorRejected = 0

    init(since: Date, ruleNames: [String]) {
        self.since = since
        rules = ruleNames.map { RuleOutcome(name: $0) }
    }

    mutating func add(_ stored: HistoricalComment, decision: ModerationDecision, sampleLimit: Int) {
        examined += 1
        let current = stored.comment.state
        let draft = decision.state
        let example = Example(
            id: stored.comment.id, article: stored.article.key, currentState: current.rawValue, draftState: draft.rawValue,
            rules: decision.firedRules.map(\.name), match: decision.firedRules.compactMap(\.match).first,
            excerpt: String(stored.comment.body.prefix(120)), decidedBy: stored.comment.state == .published && stored.decidedBy == nil ? nil : stored.decidedBy)
        for fired in decision.firedRules {
            guard let index = rules.firstIndex(where: { $0.name == fired.name }) else { continue }
            rules[index].caught += 1
            if current.isVisible { rules[index].caughtVisible += 1 }
            if rules[index].examples.count < 3 { rules[index].examples.append(example) }
        }
        guard current != draft else { return }
        changes["\(current.rawValue) → \(draft.rawValue)", default: 0] += 1
        if changed.count < sampleLimit { changed.append(example) }
        let byModerator = stored.decidedBy.map { !($0.hasPrefix("ruleset") || $0 == "parley" || $0 == "ban" || $0 == "pre-moderation" || $0 == "reader reports") } ?? false
        if byModerator && current.isVisible && !draft.isVisible { hidesModeratorApproved += 1 }
        if byModerator && (current == .rejected || current == .spam) && draft.isVisible { publishesModeratorRejected += 1 }
    }
}
