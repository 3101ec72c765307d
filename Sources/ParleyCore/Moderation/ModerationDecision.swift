import Foundation

/// A rule that fired on a comment: which, what it wanted, why, and what it matched.
public struct FiredRule: Sendable, Equatable, Codable {
    public var name: String
    public var action: ModerationAction
    public var reason: String?
    /// The text of the comment that made the rule fire, as the author typed it.
    public var match: String?
    /// The match's position in the original body, in Unicode scalars [start, end).
    public var span: [Int]?

    public init(name: String, action: ModerationAction, reason: String? = nil, match: String? = nil, span: [Int]? = nil) {
        self.name = name
        self.action = action
        self.reason = reason
        self.match = match
        self.span = span
    }
}

/// The outcome of moderating one comment: a value, not an exception, with every reason.
public struct ModerationDecision: Sendable, Equatable {
    /// The most severe action among the rules that fired (after pre-moderation).
    public var action: ModerationAction
    /// The body readers see when censoring masked words; nil when nothing was masked.
    public var censoredBody: String?
    public var firedRules: [FiredRule]
    /// Who decided: a ruleset version, or the article's pre-moderation.
    public var decidedBy: String
    /// A sentence for the author when the comment is not published.
    public var reason: String?

    public init(action: ModerationAction, censoredBody: String? = nil, firedRules: [FiredRule] = [],
                decidedBy: String, reason: String? = nil) {
        self.action = action
        self.censoredBody = censoredBody
        self.firedRules = firedRules
        self.decidedBy = decidedBy
        self.reason = reason
    }

    public var state: CommentState { action.resultingState }
}

/// Everything a moderation policy may look at for one new or edited comment.
public struct ModerationInput: Sendable {
    public var body: String
    public var article: Article
    /// The author's record, nil for a first-time commenter.
    public var author: Author?
    public var authorName: String
    public var email: String?
    public var ip: String?
    public var parent: Comment?
    /// The id of the comment being edited; nil for a new comment.
    public var editing: Int64?
    /// Recent activity the ruleset asked storage about.
    public var facts: ModerationFacts
    /// When the comment is being written (tests and replays can set it).
    public var now: Date

    public init(body: String, article: Article, author: Author?, authorName: String, email: String? = nil,
                ip: String? = nil, parent: Comment? = nil, editing: Int64? = nil, facts: ModerationFacts = .none,
                now: Date = Date()) {
        self.body = body
        self.article = article
        self.author = author
        self.authorName = authorName
        self.email = email
        self.ip = ip
        self.parent = parent
        self.editing = editing
        self.facts = facts
        self.now = now
    }
}

/// The one place where a comment's fate is decided. The rules engine is one policy;
/// `ArticleModePolicy` is the plain one.
public protocol ModerationPolicy: Sendable {
    /// What the decision about `body` will need from storage (asked before deciding).
    func factRequest(body: String, ip: String?) -> FactRequest
    func decide(_ input: ModerationInput) async throws -> ModerationDecision
}

extension ModerationPolicy {
    public func factRequest(body: String, ip: String?) -> FactRequest { FactRequest(ip: ip) }
}

/// Holds every comment on pre-moderated articles and publishes the rest.
public struct ArticleModePolicy: ModerationPolicy {
    public init() {}

    public func decide(_ input: ModerationInput) async throws -> ModerationDecision {
        Self.applyArticleMode(ModerationDecision(action: .approve, decidedBy: "parley"), article: input.article)
    }

    /// An article in pre-moderation turns a final approve or flag into hold.
    public static func applyArticleMode(_ decision: ModerationDecision, article: Article) -> ModerationDecision {
        guard article.mode == .pre, decision.action <= .flag else { return decision }
        var held = decision
        held.action = .hold
        held.reason = held.reason ?? "Comments on this article are reviewed by a moderator before they appear."
        held.firedRules.append(FiredRule(name: "pre-moderation", action: .hold, reason: "The article is pre-moderated"))
        return held
    }
}
