import Foundation
import ParleyCore
import Synchronization

/// The moderation policy of a running parley: the ruleset in force, replaced atomically when
/// a new version is applied (in this process or, through NOTIFY, in another).
public final class RulesEngine: ModerationPolicy {
    public struct Active: Sendable {
        public let ruleset: CompiledRuleset
        /// The stored version in force; nil for the built-in default (nothing applied yet).
        public let version: Int?

        public var label: String { version.map { "ruleset v\($0)" } ?? "ruleset (built-in default)" }
    }

    private let state: Mutex<Active>

    public init(ruleset: CompiledRuleset, version: Int?) {
        state = Mutex(Active(ruleset: ruleset, version: version))
    }

    public var active: Active { state.withLock { $0 } }

    /// Puts a newer version in force; an older or equal one (a late notification) is ignored.
    @discardableResult
    public func replace(with ruleset: CompiledRuleset, version: Int) -> Bool {
        state.withLock { current in
            if let existing = current.version, existing >= version { return false }
            current = Active(ruleset: ruleset, version: version)
            return true
        }
    }

    public func factRequest(body: String, ip: String?) -> FactRequest {
        active.ruleset.factRequest(body: body, ip: ip)
    }

    public func decide(_ input: ModerationInput) async throws -> ModerationDecision {
        let active = self.active
        return active.ruleset.decide(input, decidedBy: active.label)
    }
}

/// The ruleset parley uses before any has been applied: the newsroom example of RULES.md.
public enum DefaultRuleset {
    public static var compiled: CompiledRuleset {
        // The built-in document is parley's own and is checked by the tests; it compiles.
        try! CompiledRuleset.compile(source)
    }

    public static let source = #"""
        # A newsroom's ruleset, as a moderator would write it. parley must load this file
        # unchanged and behave as each rule's comment says.
        version: 1

        lists:
          insults: [idiot, moron, imbecile, scum, "brain dead", "dimwit*"]
          threats: ["kill you", "hope you die", "hang them", "shoot them all"]
          mild-profanity: [damn, crap, bloody]
          spam-domains: [cheap-pills.example, crypto-double.example, bit.ly]

        rules:
          # Threats of violence never go up, and the author is told why.
          - name: threats
            when:
              body: { words: "@threats" }
            action: reject
            reason: "Threats of violence are not allowed"

          # Personal insults are held for a human: context matters on a war story.
          - name: insults
            when:
              body: { words: "@insults" }
            action: hold
            reason: "Possible personal attack"

          # Mild profanity is published with the words masked.
          - name: mild-profanity
            when:
              body: { words: "@mild-profanity" }
            action: censor

          # Known spam hosts are silently binned.
          - name: spam-links
            when:
              body: { link-domains: "@spam-domains" }
            action: spam
            reason: "Link to a known spam domain"

          # WordPress's classic: first-time commenters may not post links unreviewed.
          - name: links-from-newcomers
            when:
              author: { trust: new }
              body: { links: { gte: 1 } }
            action: hold
            reason: "Links from new commenters are reviewed first"

          # More than two links from anyone but trusted authors is held.
          - name: link-heavy
            when:
              body: { links: { gt: 2 } }
            unless:
              author: { trust: trusted }
            action: hold
            reason: "Too many links"

          # SHOUTING is published but flagged.
          - name: shouting
            when:
              body: { caps-ratio: { gt: 0.7 } }
            action: flag
            reason: "Mostly capital letters"

          # Flooding: five comments in ten minutes is enough.
          - name: flood
            when:
              author: { comments-in: { window: 10m, count: { gte: 5 } } }
            action: reject
            reason: "You are commenting too fast; please wait a few minutes"

          # Copy-paste campaigns across articles.
          - name: copy-paste
            when:
              body: { duplicate: { window: 24h }, length: { gte: 40 } }
            action: hold
            reason: "Same text posted recently"

          # Stories tagged sensitive are pre-moderated for newcomers.
          - name: sensitive-newcomers
            when:
              article: { tags: [sensitive] }
              author: { trust: new }
            action: hold
            reason: "New commenters are reviewed on sensitive stories"

          # Crypto-scam phrasing, in any script or spelling.
          - name: crypto-scam
            when:
              any:
                - body: { phrases: ["double your bitcoin", "send 1 btc"] }
                - body: { regex: ['\bwhats?app\s*\+?\d[\d\s-]{7,}'] }
            action: spam
            reason: "Scam pattern"

          # Comments that are only noise.
          - name: noise
            when:
              body: { repeated-chars: { gte: 12 } }
            action: flag
            reason: "Repeated characters"

        """#
}
