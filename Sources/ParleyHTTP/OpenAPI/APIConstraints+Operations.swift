import Foundation

/// What each operation of API.md accepts, keyed "METHOD /path/{template}" as the OpenAPI
/// document names them. OpenAPITests checks that these are exactly the router's routes.
extension APIConstraints {
    var operations: [String: OperationRules] {
        let key = ParameterRule.path("key", Self.articleKey)
        let id = ParameterRule.path("id", Self.commentID)
        let name = ParameterRule.path("name", Self.personName("author"))
        let ifNoneMatch = ParameterRule.header("If-None-Match", Self.anyText)
        let idempotencyKey = ParameterRule.header("Idempotency-Key", Self.idempotencyKey, required: false,
                                                  "A retry with the same key and body gets the first answer (with Idempotent-Replayed: true) and changes nothing; the same key with another body is refused (422 idempotency_key_reused).")
        let readAfter = ParameterRule.header("X-Parley-After", Self.readPosition, required: false,
                                             "The X-Parley-Position of the reader's own last write: the answer is read from a server that has it (with standbys serving reads).")
        let editToken = ParameterRule.header("X-Edit-Token", Self.editToken, required: true, "The edit_token of the post.")
        let unsubscribeToken = ParameterRule.path("token", Self.unsubscribeToken)
        return [
            "GET /healthz": OperationRules(),
            "GET /readyz": OperationRules(),
            "GET /metrics": OperationRules(),
            "GET /openapi.json": OperationRules(),
            "GET /embed.js": OperationRules([ifNoneMatch]),
            "GET /embed.css": OperationRules([ifNoneMatch]),
            "GET /demo.css": OperationRules([ifNoneMatch]),
            "GET /demo/{key}": OperationRules([key, .query("lang", Self.anyText.with { $0.annotations = ["default": "en"] },
                                                           "en or uk; any other value shows the English page")]),
            "GET /email/unsubscribe/{token}": OperationRules([unsubscribeToken]),
            "POST /email/unsubscribe/{token}": OperationRules([unsubscribeToken]),
            "GET /api/articles/{key}/comments": OperationRules([
                key, .query("sort", Self.oneOf(["oldest", "newest", "top"], default: "oldest", code: "invalid_sort"),
                            "The order of top-level comments (replies are always oldest first); a cursor keeps the order it was made for"),
                .query("limit", Self.limit(max: 500, default: 50)), .query("cursor", Self.threadCursor), ifNoneMatch, readAfter,
            ]),
            "POST /api/articles/{key}/comments": OperationRules([key, idempotencyKey], body: newComment),
            "PATCH /api/comments/{id}": OperationRules([id, editToken], body: .object([("body", .field(commentBody))], required: ["body"])),
            "DELETE /api/comments/{id}": OperationRules([id, editToken]),
            "POST /api/comments/{id}/reports": OperationRules([id, idempotencyKey], body: .object([
                ("reason", .field(Self.reason)), ("reporter", .field(Self.personName("reporter").with { $0.nullable = true })),
            ], required: ["reason"])),
            "POST /api/comments/{id}/votes": OperationRules([id, idempotencyKey], body: .object([
                ("value", .field(FieldRule(.integer, integers: [1, -1], code: "invalid_vote", message: "is 1 (up) or -1 (down)."))),
                ("voter", .field(Self.personName("voter").with {
                    $0.nullable = true
                    $0.annotations["description"] = "Who votes (any stable id); without it, a reader token (401 voter_required otherwise)"
                })),
            ], required: ["value"])),
            "GET /api/counts": OperationRules([.query("articles", Self.articleKeys, required: true, "Comma-separated article keys (1 to 100)"),
                                               readAfter]),
            "GET /api/articles/{key}/events": OperationRules([
                key, .header("Last-Event-ID", Self.eventID),
                .query("last_event_id", Self.eventID, "As Last-Event-ID, for the first connection of an EventSource (which cannot set headers)"),
            ]),
            "POST /api/preview": OperationRules(body: .object([("body", .field(commentBody))], required: ["body"])),
            "GET /api/admin/queue": OperationRules([
                .query("state", Self.oneOf(["pending", "flagged", "reported", "all", "spam", "rejected"], default: "all", code: "invalid_state")),
                .query("article", Self.articleKey), .query("author", Self.anyText), .query("rule", Self.ruleName),
                .query("order", Self.oneOf(["oldest", "newest"], default: "oldest", code: "invalid_order")),
                .query("limit", Self.limit(max: 500, default: 50)), .query("cursor", Self.queueCursor),
            ]),
            "POST /api/admin/comments/{id}/decision": OperationRules([id, idempotencyKey], body: .object([
                ("action", .field(Self.oneOf(["approve", "reject", "spam", "restore"], code: "invalid_action"))),
                ("reason", .field(Self.reason.with { $0.nullable = true })),
                ("version", .field(FieldRule(.integer, nullable: true, minimum: 1, maximum: Int64.max,
                                             annotations: ["description": "The comment version the moderator saw; a changed comment is refused (409)"],
                                             code: "invalid_version", message: "is a comment version (from 1)."))),
            ], required: ["action"])),
            "POST /api/admin/authors/{name}/ban": OperationRules([name, idempotencyKey], body: .object([
                ("duration", .field(Self.banDuration)), ("reason", .field(Self.reason.with { $0.nullable = true })),
                ("purge", .field(FieldRule(.boolean, nullable: true, annotations: ["description": "Also reject the author's visible comments"],
                                           code: "malformed_json", message: "is true or false."))),
            ], description: "No body (or no duration) bans for good"), bodyRequired: false),
            "DELETE /api/admin/authors/{name}/ban": OperationRules([name]),
            "GET /api/admin/articles/{key}/export": OperationRules([
                key,
                .query("format", Self.oneOf(["json", "jsonl", "csv", "markdown", "html", "parley"], default: "json", code: "invalid_format"),
                       "parley (the lossless archive) needs an admin token"),
                .query("states", Self.states, "Comma-separated states (or visible, held, all) instead of the readers' view; format=parley always holds every comment and ignores it"),
            ]),
            "GET /api/admin/log": OperationRules([
                .query("since", Self.since), .query("article", Self.articleKey), .query("comment", Self.id("invalid_comment", "a comment id")),
                .query("moderator", Self.anyText), .query("kind", Self.anyText), .query("limit", Self.limit(max: 1000, default: 100)),
            ]),
            "GET /api/admin/rules": OperationRules(),
            "PUT /api/admin/rules": OperationRules([.query("allow_empty", Self.oneOf(["true", "false"], default: "false", code: "invalid_allow_empty"),
                                                           "true applies a ruleset without enabled rules (it approves everything)")]),
        ]
    }

    var newComment: BodyRule {
        .object([
            ("parent_id", .field(Self.id("invalid_parent", "a comment id").with { $0.nullable = true })),
            ("author", .object([("name", .field(Self.personName("author"))), ("email", .field(Self.email))], required: ["name"], nullable: true,
                               description: "Who writes; without it, a reader token (401 author_required otherwise). Ignored when a reader token is sent.")),
            ("body", .field(commentBody)),
            ("notify", .field(FieldRule(.boolean, nullable: true, annotations: [
                "default": false,
                "description": "Mail the author when someone replies to this comment (reply notifications, WEB.md); needs author.email or a signed-in reader's email (400 notify_needs_email otherwise)",
            ], code: "invalid_notify", message: "is true or false."))),
        ], required: ["body"])
    }
}
