import Foundation
import HTTPTypes
import ParleyCore

/// Every rule the API applies to what a client sends (lengths, patterns, enums, ranges), in
/// one place. RequestRulesMiddleware refuses what breaks them before a route runs, and
/// OpenAPIDocument writes the same values into /openapi.json, so the two cannot drift apart.
///
/// Why this and not swift-openapi-generator: the routes, their errors, streaming answers (SSE,
/// exports) and idempotency are written against Hummingbird directly; generating the server
/// from the document would rewrite all of them at once. Deriving the document's constraints
/// from the types that validate requests gives the same guarantee for what drifted (request
/// constraints) at a fraction of the change; response shapes stay hand-written in the
/// document and are checked by OpenAPITests and by schemathesis in scripts/test.
struct APIConstraints: Sendable {
    /// Foundation's white space (CharacterSet.whitespacesAndNewlines: Unicode White_Space and
    /// U+200B), which TextRules trims; U+2000–U+200B listed one by one (see FieldRule).
    static let blank = #"\t-\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u2028\u2029\u202F\u205F\u3000"#
    /// Unicode's control characters (general category Cc).
    static let control = #"\u0000-\u001F\u007F-\u009F"#

    let maxBodyLength: Int

    init(settings: DiscussionSettings = DiscussionSettings()) {
        maxBodyLength = settings.maxBodyLength
    }

    // MARK: Text

    /// A comment body: at least one character that is not white space, no NUL.
    var commentBody: FieldRule {
        let limit = maxBodyLength
        return FieldRule(.string, minLength: 1, maxLength: limit, pattern: #"^[^\u0000]*[^\u0000\#(Self.blank)][^\u0000]*$"#,
                         code: "empty_body", message: "is 1 to \(limit) characters, not all white space, without NUL.") { text in
            if text.unicodeScalars.count > limit {
                throw ParleyError.invalid("The comment is \(text.unicodeScalars.count) characters long; the limit is \(limit).",
                                          code: "body_too_long", details: ["limit": String(limit), "length": String(text.unicodeScalars.count)])
            }
            _ = try TextRules.commentBody(text, maxLength: limit)
        }
    }

    /// An author, voter or reporter name: 1 to 100 characters, not all white space, no controls.
    static func personName(_ role: String) -> FieldRule {
        FieldRule(.string, minLength: 1, maxLength: 100, pattern: #"^[^\#(control)]*[^\#(control)\#(blank)][^\#(control)]*$"#,
                  code: "invalid_name", message: "is a name of 1 to 100 characters, not all white space, without control characters.") { text in
            _ = try TextRules.personName(text, role: role)
        }
    }

    /// An e-mail address: one @, a dot after it, no white space inside (some may surround it).
    static let email = FieldRule(
        .string, nullable: true, maxLength: 254,
        pattern: #"^[\#(blank)]*[^@\#(control)\#(blank)]+@[^@\#(control)\#(blank)]*\.[^@\#(control)\#(blank)]*[\#(blank)]*$"#,
        code: "invalid_email", message: "is an e-mail address (one @, a dot after it, no spaces).")

    /// Why a reader reports, or a moderator decides or bans: 1 to 1,000 characters, not all white space.
    static let reason = FieldRule(
        .string, minLength: 1, maxLength: 1000, pattern: #"^[^\u0000]*[^\u0000\#(blank)][^\u0000]*$"#,
        code: "invalid_reason", message: "is 1 to 1,000 characters, not all white space, without NUL.") { text in
        _ = try TextRules.reason(text)
    }

    // MARK: Names and ids

    /// An article key as the site gives it: 1 to 300 characters, no white space or controls.
    static let articleKey = FieldRule(
        .string, minLength: 1, maxLength: 300, pattern: #"^[^\#(control)\#(blank)]+$"#,
        code: "invalid_article_key", message: "is an article key: 1 to 300 characters, no spaces or control characters.")

    /// Comma-separated article keys, 1 to 100 of them.
    static let articleKeys = FieldRule(
        .string, minLength: 1, pattern: #"^[^,\#(control)\#(blank)]{1,300}(,[^,\#(control)\#(blank)]{1,300}){0,99}$"#,
        annotations: ["examples": ["story-1,story-2"]], code: "invalid_articles",
        message: "is 1 to 100 article keys separated by commas (no spaces).")

    static func id(_ code: String, _ what: String) -> FieldRule {
        FieldRule(.integer, minimum: 1, maximum: Int64.max, code: code, message: "is \(what): a whole number from 1.")
    }

    static let commentID = id("invalid_id", "a comment id")

    static func limit(max: Int64, default value: Int) -> FieldRule {
        FieldRule(.integer, minimum: 1, maximum: max, annotations: ["default": value], code: "invalid_limit",
                  message: "is a number from 1 to \(max).")
    }

    /// A page position handed out as `next_cursor`; a thread's carries its sort order.
    static let threadCursor = FieldRule(
        .string, pattern: ThreadCursor.pattern, annotations: ["description": "A next_cursor from an earlier page, as given; the page continues in the order the cursor was made for, whatever sort says."],
        code: "invalid_cursor", message: "is a next_cursor from an earlier page.")

    static let queueCursor = FieldRule(
        .string, pattern: QueueCursor.pattern, annotations: ["description": "A next_cursor from an earlier page, as given."],
        code: "invalid_cursor", message: "is a next_cursor from an earlier page.")

    static let ruleName = FieldRule(.string, pattern: "^[a-z0-9-]+$", code: "invalid_rule",
                                    message: "is a rule name (lowercase letters, digits and dashes).")

    /// Live event ids, as `id:` lines carry them.
    static let eventID = FieldRule(.string, pattern: "^[0-9]{1,18}$", code: "invalid_last_event_id",
                                   message: "is the id of an event this stream sent.")

    static let idempotencyKey = FieldRule(
        .string, minLength: 1, maxLength: 200, pattern: "^[!-~]+$", code: "invalid_idempotency_key",
        message: "has 1 to 200 visible ASCII characters (a UUID, say).")

    static let readPosition = FieldRule(
        // Empty counts as absent. The pattern alone bounds the length: with maxLength beside it,
        // schemathesis 4.32's coverage phase sends maxLength + 1 letters as a valid value.
        .string, pattern: "^([0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8})?$", code: "invalid_position",
        message: "is a position from X-Parley-Position, such as 0/16B3748.")

    static let editToken = FieldRule(.string, minLength: 1, status: .unauthorized, code: "edit_token_missing",
                                     message: "is the edit_token of the comment's post.")

    static let anyText = FieldRule(.string, code: "invalid_parameter", message: "is text.")

    /// The last part of an email's unsubscribe link, as the email gives it.
    static let unsubscribeToken = FieldRule(.string, minLength: 1, maxLength: 100,
                                            annotations: ["description": "The signed token of an email's List-Unsubscribe link."],
                                            code: "invalid_token", message: "is the token of an unsubscribe link (1 to 100 characters).")

    static func oneOf(_ values: [String], default value: String? = nil, code: String, nullable: Bool = false) -> FieldRule {
        FieldRule(.string, nullable: nullable, values: values, annotations: value.map { ["default": $0] } ?? [:], code: code,
                  message: "is one of \(values.joined(separator: ", ")).")
    }

    // MARK: Durations

    /// A ban's length: a whole number then s, m, h or d; at most 999999d (about 2,700 years).
    static let banDuration = FieldRule(.string, nullable: true, pattern: "^[1-9][0-9]{0,5}[smhd]$", annotations: ["examples": ["7d"]],
                                       code: "invalid_duration", message: "is like 24h or 7d (or absent for good).")

    /// How far back the audit log goes: at most 99999d (about 270 years).
    static let since = FieldRule(.string, pattern: "^[0-9]{1,5}[smhd]$", annotations: ["examples": ["24h"]],
                                 code: "invalid_since", message: "is a duration such as 24h or 7d.")

    /// Comma-separated comment states, and the groups all, visible (published, flagged) and held (pending, reported).
    static let states: FieldRule = {
        let state = "(all|visible|held|" + CommentState.allCases.map(\.rawValue).joined(separator: "|") + ")"
        return FieldRule(.string, pattern: "^\(state)(,\(state))*$", annotations: ["examples": ["rejected,spam"]],
                         code: "invalid_state", message: "is comma-separated states: all, visible, held, "
                            + CommentState.allCases.map(\.rawValue).joined(separator: ", ") + ".")
    }()
}
