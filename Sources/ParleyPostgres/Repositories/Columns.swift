import Foundation
import ParleyCore

/// SELECT lists and their decoders, kept side by side so they cannot drift apart.
enum Columns {
    static let article = article(counted: true)

    /// Needs `articles a`. Without `counted`, both counts read 0 (for paths that need none).
    static func article(counted: Bool) -> String {
        let counts = counted
            ? """
              (SELECT COALESCE(sum(ac.visible), 0)::int8 FROM article_counts ac WHERE ac.article_id = a.id),
              (SELECT COALESCE(sum(ac.total), 0)::int8 FROM article_counts ac WHERE ac.article_id = a.id)
              """
            : "0::int8, 0::int8"
        return "a.id, a.key, a.title, a.url, a.tags, a.mode, a.status, a.published_at, a.created_at, " + counts + ", a.sign_in"
    }

    static func article(_ reader: inout RowReader) throws -> Article {
        Article(
            id: try reader.next(), key: try reader.next(), title: try reader.next(), url: try reader.optional(),
            tags: try reader.next(), mode: try enumValue(reader.next()), status: try enumValue(reader.next()),
            publishedAt: try reader.optional(), createdAt: try reader.next(),
            visibleCount: try reader.next(), totalCount: try reader.next(), signIn: try enumValue(reader.next()))
    }

    /// Needs `comments c`. The author's name is stored with each comment as it was posted,
    /// so reading a thread touches one table.
    static let comment = comment(c: "c")

    static func comment(c: String) -> String {
        """
        \(c).id, \(c).article_id, \(c).parent_id, \(c).root_id, \(c).depth, \(c).author_id, \(c).author_name, \(c).body, \(c).censored_body,
        \(c).state, \(c).score, \(c).deleted, \(c).created_at, \(c).edited_at, \(c).author_verified,
        CASE WHEN \(c).html_version = \(CommentRendering.version) THEN \(c).html END
        """
    }
    static let commentWidth = 16

    static func comment(_ reader: inout RowReader) throws -> Comment {
        Comment(
            id: try reader.next(), articleID: try reader.next(), parentID: try reader.optional(), rootID: try reader.next(),
            depth: try reader.next(), authorID: try reader.next(), authorName: try reader.next(), body: try reader.next(),
            censoredBody: try reader.optional(), state: try enumValue(reader.next()), score: try reader.next(),
            deleted: try reader.next(), createdAt: try reader.next(), editedAt: try reader.optional(),
            authorVerified: try reader.next(), html: try reader.optional())
    }

    /// Needs `authors au`.
    static let author = """
        au.id, au.name, au.email, au.trust, au.comment_count, au.approved_count, au.rejected_count, au.spam_count,
        au.banned_until, au.ban_reason, au.first_seen_at, au.last_seen_at, au.verified
        """
    static let authorWidth = 13

    static func author(_ reader: inout RowReader) throws -> Author {
        Author(
            id: try reader.next(), name: try reader.next(), email: try reader.optional(), trust: try enumValue(reader.next()),
            commentCount: try reader.next(), approvedCount: try reader.next(), rejectedCount: try reader.next(),
            spamCount: try reader.next(), bannedUntil: try reader.optional(), banReason: try reader.optional(),
            firstSeenAt: try reader.next(), lastSeenAt: try reader.next(), verified: try reader.next())
    }

    /// The id of the author a moderator means by a name: a signed-in reader who shows that
    /// name now (the most recently seen), else the anonymous author of that name key. `param`
    /// is the bound name key.
    static func authorID(nameKey param: String) -> String {
        "(SELECT id FROM authors WHERE name_key = \(param) ORDER BY verified DESC, last_seen_at DESC, id DESC LIMIT 1)"
    }

    /// Reads `width` columns as one value, or skips them when the first is NULL (an outer join found nothing).
    static func optional<T>(_ reader: inout RowReader, width: Int, _ decode: (inout RowReader) throws -> T) throws -> T? {
        if reader.isNextNull {
            reader.skip(width)
            return nil
        }
        return try decode(&reader)
    }

    static func enumValue<T: RawRepresentable>(_ raw: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw PostgresError(kind: .decoding, message: "unexpected value \"\(raw)\" for \(T.self)")
        }
        return value
    }
}

/// The `moderation` JSON stored with a comment and its log entries.
struct DecisionRecord: Codable {
    var action: String
    var decidedBy: String
    var reason: String?
    var rules: [FiredRule]

    init(_ decision: ModerationDecision) {
        action = decision.action.rawValue
        decidedBy = decision.decidedBy
        reason = decision.reason
        rules = decision.firedRules
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// Who the log names as the decider of a decision.
    static func actorType(_ decision: ModerationDecision) -> String {
        decision.decidedBy.hasPrefix("ruleset") ? Actor.Kind.rules.rawValue : Actor.Kind.system.rawValue
    }
}
