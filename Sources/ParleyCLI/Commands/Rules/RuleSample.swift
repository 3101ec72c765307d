import Foundation
import ParleyCore
import ParleyModeration

/// One line of `rules test` input, and the line that answers it.
enum RuleSample {
    struct Line: Decodable {
        struct AuthorPart: Decodable {
            var name: String?
            var trust: TrustLevel?
            var email: String?
            var approvedComments: Int?
            var rejectedComments: Int?
            var accountAge: String?
            var banned: Bool?
        }
        struct ArticlePart: Decodable {
            var key: String?
            var tags: [String]?
            var mode: ModerationMode?
            var age: String?
        }
        struct RequestPart: Decodable {
            var ip: String?
        }
        struct RecentPart: Decodable {
            var authorComments: Int?
            var ipComments: Int?
            var duplicates: Int?
        }
        var body: String
        var author: AuthorPart?
        var article: ArticlePart?
        var request: RequestPart?
        var recent: RecentPart?
    }

    struct Parsed {
        var input: ModerationInput
    }

    static func parse(_ text: String, ruleset: CompiledRuleset) throws -> Parsed {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let line: Line
        do {
            line = try decoder.decode(Line.self, from: Data(text.utf8))
        } catch DecodingError.keyNotFound(let key, _) {
            throw ParleyError.invalid("missing \"\(key.stringValue)\"")
        } catch DecodingError.dataCorrupted(let context) {
            throw ParleyError.invalid(context.underlyingError == nil ? context.debugDescription : "not valid JSON")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ParleyError.invalid("\"\(path)\" has the wrong type or value")
        }
        let now = Date()
        func seconds(_ text: String?) throws -> Double {
            guard let text else { return 0 }
            guard let value = DurationText.seconds(text) else { throw ParleyError.invalid("\"\(text)\" is not a duration such as 3d") }
            return Double(value)
        }
        let authorName = line.author?.name ?? "sample author"
        var author: Author?
        if let part = line.author {
            let age = try seconds(part.accountAge)
            author = Author(id: 0, name: authorName, email: part.email, trust: part.trust ?? .new,
                            approvedCount: part.approvedComments ?? 0, rejectedCount: part.rejectedComments ?? 0,
                            bannedUntil: part.banned == true ? .distantFuture : nil,
                            firstSeenAt: now.addingTimeInterval(-age), lastSeenAt: now)
        }
        let articleAge = try seconds(line.article?.age)
        let article = Article(id: 0, key: line.article?.key ?? "sample", title: "Sample", tags: line.article?.tags ?? [],
                              mode: line.article?.mode ?? .post, publishedAt: now.addingTimeInterval(-articleAge), createdAt: now)
        // "recent" stands in for the database: the same count for every window the ruleset asks about.
        let request = ruleset.factRequest(body: line.body, ip: line.request?.ip ?? "0.0.0.0")
        func counts(_ windows: [Int], _ value: Int?) -> [Int: Int] {
            Dictionary(uniqueKeysWithValues: windows.map { ($0, value ?? 0) })
        }
        let facts = ModerationFacts(authorComments: counts(request.authorWindows, line.recent?.authorComments),
                                    ipComments: counts(request.ipWindows, line.recent?.ipComments),
                                    duplicates: counts(request.duplicateWindows, line.recent?.duplicates))
        return Parsed(input: ModerationInput(
            body: line.body, article: article, author: author, authorName: authorName, email: line.author?.email,
            ip: line.request?.ip, facts: facts, now: now))
    }

    struct Outcome: Encodable {
        struct Rule: Encodable {
            var name: String
            var action: String
            var reason: String?
            var match: String?
        }
        var action: String
        var visibleBody: String?
        var rules: [Rule]

        enum CodingKeys: String, CodingKey {
            case action, rules
            case visibleBody = "visible_body"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(action, forKey: .action)
            try container.encode(visibleBody, forKey: .visibleBody)
            try container.encode(rules, forKey: .rules)
        }
    }

    static func outcomeLine(_ decision: ModerationDecision, body: String) throws -> String {
        let outcome = Outcome(
            action: decision.action.rawValue,
            visibleBody: decision.state.isVisible ? (decision.censoredBody ?? body) : nil,
            rules: decision.firedRules.map { Outcome.Rule(name: $0.name, action: $0.action.rawValue, reason: $0.reason, match: $0.match) })
        return String(decoding: try ParleyJSON.encoder().encode(outcome), as: UTF8.self)
    }
}
