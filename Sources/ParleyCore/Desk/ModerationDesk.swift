import Foundation

/// The moderator's side of parley: the queue, decisions, authors' standing and the log,
/// with the checks every entry point (CLI, HTTP) shares.
public struct ModerationDesk: Sendable {
    public let repository: any DeskRepository
    public let settings: DiscussionSettings

    public init(repository: any DeskRepository, settings: DiscussionSettings = DiscussionSettings()) {
        self.repository = repository
        self.settings = settings
    }

    public func queue(_ filter: QueueFilter, after cursor: QueueCursor? = nil, limit: Int = 50) async throws -> QueuePage {
        guard (1...1000).contains(limit) else {
            throw ParleyError.invalid("A queue page holds 1 to 1,000 comments.", code: "invalid_limit")
        }
        return try await repository.queue(try validated(filter), after: cursor, limit: limit)
    }

    public func decide(_ action: ModeratorAction, target: DecisionTarget, reason: String? = nil, moderator: String,
                       overrule: Bool = false, once: Once<DecisionReport>? = nil) async throws -> DecisionReport {
        let moderator = try TextRules.personName(moderator, role: "moderator")
        let reason = try reason.map(TextRules.reason)
        var target = target
        switch target {
        case .ids(let ids, _):
            guard !ids.isEmpty else { throw ParleyError.invalid("Give at least one comment id, or a filter.", code: "no_target") }
        case .filter(let filter, let limit):
            target = .filter(try validated(filter), limit: max(1, min(limit, 1_000_000)))
        }
        return try await repository.decide(action, target: target, reason: reason, moderator: moderator, overrule: overrule,
                                           trustPromotionThreshold: settings.trustPromotionThreshold, once: once)
    }

    public func undo(commentID: Int64, to previous: CommentState, expectedVersion: Int, moderator: String) async throws {
        try await repository.undo(commentID: commentID, to: previous, expectedVersion: expectedVersion,
                                  moderator: try TextRules.personName(moderator, role: "moderator"))
    }

    /// Bans an author until a time (`.distantFuture` for good).
    public func ban(author: String, until: Date, reason: String?, moderator: String, purge: Bool,
                    once: Once<BanOutcome>? = nil) async throws -> (Author, purged: Int) {
        let outcome = try await repository.ban(author: author, until: until, reason: try reason.map(TextRules.reason),
                                               moderator: try TextRules.personName(moderator, role: "moderator"), purge: purge,
                                               once: once)
        return (outcome.author, outcome.purged)
    }

    public func unban(author: String, moderator: String) async throws -> Author {
        try await repository.unban(author: author, moderator: try TextRules.personName(moderator, role: "moderator"))
    }

    public func trust(author: String, moderator: String) async throws -> Author {
        try await repository.setTrust(author: author, to: .trusted, moderator: try TextRules.personName(moderator, role: "moderator"))
    }

    /// Back to what the author's record earns without a moderator: regular once they have
    /// enough approved comments, else new.
    public func untrust(author: String, moderator: String) async throws -> Author {
        guard let record = try await findAuthor(author) else { throw ParleyError.authorNotFound(author) }
        let level: TrustLevel = record.approvedCount >= settings.trustPromotionThreshold ? .regular : .new
        return try await repository.setTrust(author: author, to: level, moderator: try TextRules.personName(moderator, role: "moderator"))
    }

    public func findAuthor(_ name: String) async throws -> Author? {
        let key = TextRules.nameKey(name)
        return try await repository.authors(AuthorFilter(nameContains: name), limit: 50)
            .first { TextRules.nameKey($0.name) == key }
    }

    func validated(_ filter: QueueFilter) throws -> QueueFilter {
        var filter = filter
        filter.articleKey = try filter.articleKey.map(TextRules.articleKey)
        if let rule = filter.rule, rule.wholeMatch(of: /[a-z0-9-]+/) == nil {
            throw ParleyError.invalid("\"\(rule)\" is not a rule name.", code: "invalid_rule")
        }
        return filter
    }
}
