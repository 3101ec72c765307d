import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// Moderator routes (bearer token): the queue, decisions, bans, the audit log, rules.
struct ModeratorRoutes {
    let services: ParleyServices

    func queue(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let view = QueueFilter.View(rawValue: query["state"].map(String.init) ?? "all") else {
            throw APIError(.badRequest, code: "invalid_state", "state is pending, flagged, reported, all, spam or rejected.")
        }
        var limit = 50
        if let text = query["limit"] {
            guard let value = Int(text), (1...500).contains(value) else {
                throw APIError(.badRequest, code: "invalid_limit", "limit is a number from 1 to 500.")
            }
            limit = value
        }
        let cursor = try query["cursor"].map { try QueueCursor(token: String($0)) }
        let filter = QueueFilter(view: view, articleKey: query["article"].map(String.init), authorName: query["author"].map(String.init),
                                 rule: query["rule"].map(String.init), newestFirst: query["order"] == "newest")
        let page = try await services.desk.queue(filter, after: cursor, limit: limit)
        return JSONBody.response(writing: QueuePageView(page))
    }

    struct DecisionInput: Codable {
        var action: String
        var reason: String?
        /// The comment's version the moderator saw (from the queue); a changed comment is refused.
        var version: Int?
    }

    func decide(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0 else {
            throw APIError(.badRequest, code: "invalid_id", "A comment id is a positive whole number.")
        }
        let (input, _) = try await JSONBody.read(DecisionInput.self, from: request, limit: services.configuration.bodyLimit)
        guard let action = ModeratorAction(rawValue: input.action) else {
            throw APIError(.badRequest, code: "invalid_action", "action is approve, reject, spam or restore.")
        }
        let moderator = context.token?.name ?? "api"
        let seen = input.version.map { [id: $0] } ?? [:]
        let scope = "decision:\(id)\u{1F}" + moderator
        let idempotency = try Idempotency.key(request, scope: scope, input: input)
        // A refused decision changed nothing, so nothing is kept: a retry decides again.
        let answer: @Sendable (DecisionReport) throws -> StoredAnswer? = { report in
            guard report.refused.isEmpty, let applied = report.applied.first else { return nil }
            return try Idempotency.answer(["id": AnyEncodable(id), "from": AnyEncodable(applied.from.rawValue),
                                           "to": AnyEncodable(applied.to.rawValue), "promoted": AnyEncodable(report.promoted)])
        }
        return try await Idempotency.respond {
            let report = try await services.desk.decide(action, target: .ids([id], seenVersions: seen), reason: input.reason,
                                                        moderator: moderator, once: idempotency.map { Once(key: $0, answer: answer) })
            if let refused = report.refused.first {
                if refused.reason == "no such comment" { throw APIError.from(ParleyError.commentNotFound(id)) }
                throw APIError(.conflict, code: "decision_conflict", "Comment \(id) was left as it is: \(refused.reason).")
            }
            if let comment = try await services.database.comments.find(id: id),
               let article = try await services.database.articles.key(id: comment.articleID) {
                services.invalidate(articleKey: article)
            }
            guard let stored = try answer(report) else { throw APIError.from(ParleyError.internalFailure()) }
            return stored
        }
    }

    struct BanInput: Codable {
        var duration: String?
        var reason: String?
        var purge: Bool?
    }

    func ban(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        // The body is optional here: no body means "for good, no reason".
        let bytes = try await JSONBody.collect(request, limit: services.configuration.bodyLimit)
        var input = BanInput()
        if !bytes.isEmpty {
            try JSONBody.requireMediaType(request, "application/json")
            input = try JSONBody.decode(BanInput.self, from: bytes)
        }
        var until = Date.distantFuture
        if let duration = input.duration {
            guard let seconds = DurationText.seconds(duration), seconds > 0 else {
                throw APIError(.badRequest, code: "invalid_duration", "duration is like 24h or 7d (or absent for good).")
            }
            until = Date().addingTimeInterval(Double(seconds))
        }
        let moderator = context.token?.name ?? "api"
        let bannedUntil = until
        let idempotency = try Idempotency.key(request, scope: "ban:" + TextRules.nameKey(name) + "\u{1F}" + moderator, input: input)
        let answer: @Sendable (BanOutcome) throws -> StoredAnswer = { outcome in
            try Idempotency.answer(["author": AnyEncodable(outcome.author.name),
                                    "banned_until": AnyEncodable(bannedUntil == .distantFuture ? "forever" : ParleyJSON.rfc3339(bannedUntil)),
                                    "purged": AnyEncodable(outcome.purged)])
        }
        return try await Idempotency.respond {
            let (author, purged) = try await services.desk.ban(author: name, until: until, reason: input.reason, moderator: moderator,
                                                                purge: input.purge ?? false,
                                                                once: idempotency.map { Once(key: $0, answer: answer) })
            return try answer(BanOutcome(author: author, purged: purged))
        }
    }

    func unban(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let author = try await services.desk.unban(author: name, moderator: context.token?.name ?? "api")
        return try JSONBody.response(["author": author.name, "banned_until": nil as String?])
    }

    func log(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var since: Date?
        if let text = query["since"] {
            guard let seconds = DurationText.seconds(String(text)) else {
                throw APIError(.badRequest, code: "invalid_since", "since is a duration such as 24h or 7d.")
            }
            since = Date().addingTimeInterval(-Double(seconds))
        }
        var comment: Int64?
        if let text = query["comment"] {
            guard let id = Int64(text) else { throw APIError(.badRequest, code: "invalid_comment", "comment is a comment id.") }
            comment = id
        }
        let limit = min(max(Int(query["limit"].map(String.init) ?? "100") ?? 100, 1), 1000)
        let entries = try await services.database.desk.log(
            LogFilter(since: since, articleKey: query["article"].map(String.init), actor: query["moderator"].map(String.init),
                      commentID: comment, kind: query["kind"].map(String.init)), limit: limit)
        return try JSONBody.response(["entries": entries.map { LogEntryView($0) }])
    }

    func rules(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let stored = try await services.database.rulesets.current()
        return try JSONBody.response(RulesDocument(
            version: stored?.version, builtIn: stored == nil, appliedAt: stored?.appliedAt, appliedBy: stored?.appliedBy,
            ruleCount: stored?.ruleCount, source: stored?.source ?? DefaultRuleset.source))
    }

    func putRules(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try JSONBody.requireMediaType(request, "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")
        let bytes = try await JSONBody.collect(request, limit: max(services.configuration.bodyLimit, 4 * 1024 * 1024))
        guard let source = String(validating: bytes, as: UTF8.self) else {
            throw APIError(.badRequest, code: "invalid_utf8", "The ruleset is not valid UTF-8.")
        }
        let ruleset: CompiledRuleset
        do {
            ruleset = try CompiledRuleset.compile(source)
        } catch {
            throw APIError(.badRequest, code: "invalid_ruleset", "The ruleset has \(error.problems.count) problem(s); nothing was changed.",
                           details: ["problems": error.problems.map(\.description).joined(separator: "\n")])
        }
        if ruleset.approvesEverything && request.uri.queryParameters["allow_empty"] != "true" {
            throw APIError(.badRequest, code: "empty_ruleset",
                           "The ruleset has no enabled rules and would approve everything; add ?allow_empty=true if you mean it.")
        }
        let stored = try await services.database.rulesets.apply(source: source, ruleCount: ruleset.enabledRuleCount,
                                                                appliedBy: context.token?.name ?? "api")
        services.engine.replace(with: ruleset, version: stored.version)
        return try JSONBody.response(RulesDocument(version: stored.version, builtIn: false, appliedAt: stored.appliedAt,
                                                   appliedBy: stored.appliedBy, ruleCount: stored.ruleCount, source: stored.source))
    }

    struct RulesDocument: Encodable {
        var version: Int?
        var builtIn: Bool
        var appliedAt: Date?
        var appliedBy: String?
        var ruleCount: Int?
        var source: String

        enum CodingKeys: String, CodingKey {
            case version, source
            case builtIn = "built_in"
            case appliedAt = "applied_at"
            case appliedBy = "applied_by"
            case ruleCount = "rule_count"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(builtIn, forKey: .builtIn)
            try container.encode(appliedAt, forKey: .appliedAt)
            try container.encode(appliedBy, forKey: .appliedBy)
            try container.encode(ruleCount, forKey: .ruleCount)
            try container.encode(source, forKey: .source)
        }
    }
}
