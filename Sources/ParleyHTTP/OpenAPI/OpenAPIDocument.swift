import Foundation

/// The OpenAPI 3.1 description of the API, served at /openapi.json. The template below says
/// what each operation does and answers; every operation's parameters and JSON request body
/// come from APIConstraints, the rules the server enforces (RequestRulesMiddleware). Tests
/// check that the operations are exactly the router's routes and validate answers against the
/// response schemas; schemathesis (scripts/test) checks the rest against a live server.
enum OpenAPIDocument {
    /// The document for a server with these constraints (the body limit follows its settings).
    static func render(_ constraints: APIConstraints) -> [UInt8] {
        guard var document = try? JSONSerialization.jsonObject(with: Data(template.utf8)) as? [String: Any],
              var paths = document["paths"] as? [String: [String: Any]]
        else { preconditionFailure("the OpenAPI template is not a JSON object with paths") }
        for (name, rules) in constraints.operations {
            let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
            let method = parts[0].lowercased(), path = parts[1]
            guard var operation = paths[path]?[method] as? [String: Any] else {
                preconditionFailure("APIConstraints names \(name), which the OpenAPI template lacks")
            }
            if !rules.parameters.isEmpty { operation["parameters"] = rules.parameters.map(\.openAPI) }
            if let body = rules.body {
                operation["requestBody"] = ["required": rules.bodyRequired, "content": ["application/json": ["schema": body.schema]]]
            }
            paths[path]?[method] = operation
        }
        document["paths"] = paths
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            preconditionFailure("the OpenAPI document does not serialize")
        }
        return Array(data)
    }

    static let template = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "parley",
        "version": "1.0.0",
        "description": "Comments and their moderation for a news site. Errors are {\"error\": {\"code\", \"message\", \"details\"}}. Times are RFC 3339 in UTC."
      },
      "paths": {
        "/healthz": {
          "get": {"summary": "The process is up.", "responses": {"200": {"description": "Up", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}}}
        },
        "/readyz": {
          "get": {"summary": "The database is reachable and migrated.", "responses": {
            "200": {"description": "Ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}},
            "503": {"$ref": "#/components/responses/Unavailable"}}}
        },
        "/metrics": {
          "get": {"summary": "Prometheus metrics.", "responses": {"200": {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
        },
        "/openapi.json": {
          "get": {"summary": "This document.", "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}
        },
        "/embed.js": {
          "get": {"summary": "The reader's embed: <div data-parley-article=KEY> plus this script shows the discussion on any allowed page.",
            "responses": {"200": {"description": "The script (strong ETag, Cache-Control public, max-age=300)", "headers": {"ETag": {"schema": {"type": "string"}}},
                                  "content": {"text/javascript": {"schema": {"type": "string"}}}},
                          "304": {"description": "Not modified since the ETag"}}}
        },
        "/embed.css": {
          "get": {"summary": "The embed's stylesheet (themed by --parley-* custom properties); the script loads it.",
            "responses": {"200": {"description": "The stylesheet", "headers": {"ETag": {"schema": {"type": "string"}}},
                                  "content": {"text/css": {"schema": {"type": "string"}}}},
                          "304": {"description": "Not modified since the ETag"}}}
        },
        "/demo.css": {
          "get": {"summary": "The demo page's stylesheet (only with parley serve --demo-pages).",
            "responses": {"200": {"description": "The stylesheet", "content": {"text/css": {"schema": {"type": "string"}}}},
                          "304": {"description": "Not modified since the ETag"},
                          "404": {"$ref": "#/components/responses/NotFound"}}}
        },
        "/demo/{key}": {
          "get": {"summary": "A demo article page with the embed, under a strict Content-Security-Policy (only with parley serve --demo-pages).",
            "responses": {"200": {"description": "The page", "content": {"text/html": {"schema": {"type": "string"}}}},
                          "400": {"$ref": "#/components/responses/BadRequest"},
                          "404": {"description": "No such article (an HTML page), or demo pages are off (an error object)",
                                  "content": {"text/html": {"schema": {"type": "string"}}, "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                          "503": {"$ref": "#/components/responses/Unavailable"}}}
        },
        "/email/unsubscribe/{token}": {
          "get": {"summary": "The page of an email's unsubscribe link: it asks, and changes nothing (mail scanners follow links).",
            "responses": {"200": {"description": "The question, or that the link was used already", "content": {"text/html": {"schema": {"type": "string"}}}},
                          "400": {"$ref": "#/components/responses/BadRequest"},
                          "404": {"description": "Not a valid link", "content": {"text/html": {"schema": {"type": "string"}}}},
                          "429": {"$ref": "#/components/responses/RateLimited"},
                          "503": {"$ref": "#/components/responses/Unavailable"}}},
          "post": {"summary": "Unsubscribe (RFC 8058 one-click: a mail client posts List-Unsubscribe=One-Click; the page's button posts too). No sign-in; each link works once and is logged.",
            "requestBody": {"required": false, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"List-Unsubscribe": {"type": "string", "enum": ["One-Click"]}}}}}},
            "responses": {"200": {"description": "Unsubscribed, or unsubscribed already", "content": {"text/html": {"schema": {"type": "string"}}}},
                          "400": {"$ref": "#/components/responses/BadRequest"},
                          "404": {"description": "Not a valid link", "content": {"text/html": {"schema": {"type": "string"}}}},
                          "429": {"$ref": "#/components/responses/RateLimited"},
                          "503": {"$ref": "#/components/responses/Unavailable"}}}
        },
        "/api/articles/{key}/comments": {
          "get": {
            "summary": "A page of top-level comments, each with its whole reply tree.",
            "responses": {
              "200": {"description": "The page", "headers": {"ETag": {"schema": {"type": "string"}}},
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThreadPage"}}}},
              "304": {"description": "Not modified since the ETag"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "post": {
            "summary": "Post a comment; it is moderated at once. A signed-in reader sends their token and no author.",
            "security": [{}, {"readerToken": []}],
            "responses": {
              "201": {"description": "Stored (published, or pending for a moderator)", "headers": {"Idempotent-Replayed": {"$ref": "#/components/headers/IdempotentReplayed"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Posted"}}},
                      "links": {
                        "Edit": {"operationRef": "#/paths/~1api~1comments~1{id}/patch", "parameters": {"path.id": "$response.body#/comment/id", "header.X-Edit-Token": "$response.body#/edit_token"}},
                        "Delete": {"operationRef": "#/paths/~1api~1comments~1{id}/delete", "parameters": {"path.id": "$response.body#/comment/id", "header.X-Edit-Token": "$response.body#/edit_token"}},
                        "Reply": {"operationRef": "#/paths/~1api~1articles~1{key}~1comments/post", "parameters": {"path.key": "$request.path.key"}, "requestBody": {"author": {"name": "Replier"}, "body": "A reply", "parent_id": "$response.body#/comment/id"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/ReaderUnauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/Rejected"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/comments/{id}": {
          "patch": {
            "summary": "Edit a comment within the edit window; moderated again.",
            "security": [{}, {"readerToken": []}],
            "responses": {
              "200": {"description": "Edited (published, or held for a moderator with the reason)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Edited"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/ReaderUnauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/Rejected"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "delete": {
            "summary": "Delete a comment within the edit window (a tombstone while it has replies).",
            "security": [{}, {"readerToken": []}],
            "responses": {
              "204": {"description": "Deleted"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/ReaderUnauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/comments/{id}/reports": {
          "post": {
            "summary": "Report a comment to the moderators.",
            "security": [{}, {"readerToken": []}],
            "responses": {
              "202": {"description": "Received", "headers": {"Idempotent-Replayed": {"$ref": "#/components/headers/IdempotentReplayed"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/ReaderUnauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/KeyReused"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/comments/{id}/votes": {
          "post": {
            "summary": "Vote; one vote per voter, a new vote replaces the old. A signed-in reader votes as themselves.",
            "security": [{}, {"readerToken": []}],
            "responses": {
              "200": {"description": "The new score", "headers": {"Idempotent-Replayed": {"$ref": "#/components/headers/IdempotentReplayed"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Score"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/ReaderUnauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/KeyReused"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/counts": {
          "get": {
            "summary": "Visible comments per article.",
            "responses": {
              "200": {"description": "Counts by key", "content": {"application/json": {"schema": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/articles/{key}/events": {
          "get": {
            "summary": "Live events of an article (Server-Sent Events).",
            "description": "A text/event-stream. Events: `comment` (a comment that became visible or changed: the Comment shape without `replies`), `removed` (`{\"id\"}`: a comment that left the page) and, after each of them, `count` (`{\"count\"}`: visible comments). Every event has an `id:`; the stream starts with `retry: 2000` and sends a `: keep-alive` comment every 15 s. To resume, send `Last-Event-ID` (browsers do on reconnect) or `last_event_id` in the query: the events after it (of the last hour, at least the last 10 minutes) are replayed before live ones, without gaps or duplicates. A reader too slow to keep up is disconnected and resumes the same way. Counts once against the read rate limit, when it connects.",
            "responses": {
              "200": {"description": "The event stream", "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/LiveEvent"},
                "examples": {"comment": {"value": "id: 42\nevent: comment\ndata: {\"author\":{\"name\":\"Ann\"},\"body\":\"Hello\",\"created_at\":\"2026-11-25T10:00:00Z\",\"deleted\":false,\"edited_at\":null,\"html\":\"<p>Hello</p>\",\"id\":7,\"parent_id\":null,\"score\":0}\n\nid: 42\nevent: count\ndata: {\"count\":3}\n\n"}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/preview": {
          "post": {
            "summary": "The HTML a comment body would be shown as (the SafeMarkdown of published comments); rate limited as a write.",
            "responses": {
              "200": {"description": "The rendered body", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PreviewHTML"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "429": {"$ref": "#/components/responses/RateLimited"}
            }
          }
        },
        "/api/admin/queue": {
          "get": {
            "summary": "What waits for a moderator, with every reason.",
            "security": [{"bearer": []}],
            "responses": {
              "200": {"description": "A page of the queue", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QueuePage"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/admin/comments/{id}/decision": {
          "post": {
            "summary": "Approve, reject, mark as spam or restore a comment.",
            "security": [{"bearer": []}],
            "responses": {
              "200": {"description": "Decided", "headers": {"Idempotent-Replayed": {"$ref": "#/components/headers/IdempotentReplayed"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Decided"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/KeyReused"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/admin/authors/{name}/ban": {
          "post": {
            "summary": "Ban an author (for a duration, or for good).",
            "security": [{"bearer": []}],
            "responses": {
              "200": {"description": "Banned", "headers": {"Idempotent-Replayed": {"$ref": "#/components/headers/IdempotentReplayed"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ban"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/KeyReused"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "delete": {
            "summary": "Lift a ban.",
            "security": [{"bearer": []}],
            "responses": {
              "200": {"description": "Unbanned", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ban"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/admin/articles/{key}/export": {
          "get": {
            "summary": "Export an article's discussion, streamed as it is read (the formats of `parley export`).",
            "security": [{"bearer": []}],
            "responses": {
              "200": {"description": "The export", "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
                "text/markdown": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}}
              }},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/admin/log": {
          "get": {
            "summary": "The audit log, newest first.",
            "security": [{"bearer": []}],
            "responses": {
              "200": {"description": "Entries", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Log"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/admin/rules": {
          "get": {
            "summary": "The ruleset in force.",
            "security": [{"bearer": []}],
            "responses": {
              "200": {"description": "The ruleset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rules"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "put": {
            "summary": "Apply a new ruleset version (RULES.md YAML; admin role).",
            "security": [{"bearer": []}],
            "requestBody": {"required": true, "content": {"application/yaml": {"schema": {"type": "string"}}}},
            "responses": {
              "200": {"description": "Applied", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rules"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "429": {"$ref": "#/components/responses/RateLimited"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        }
      },
      "components": {
        "securitySchemes": {
          "bearer": {"type": "http", "scheme": "bearer", "description": "A moderator's API token (parley tokens create)."},
          "readerToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
            "description": "Reader sign-in: a JWT signed by the newsroom's login (HS256, RS256 or ES256) with claims sub, name, exp and optionally email, iat, aud. Optional on reader writes unless the article requires sign-in."}
        },
        "headers": {
          "IdempotentReplayed": {"description": "true when this is the stored answer to an earlier request with the same Idempotency-Key", "schema": {"type": "string", "enum": ["true"]}}
        },
        "responses": {
          "BadRequest": {"description": "Malformed request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unauthorized": {"description": "No or bad token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "ReaderUnauthorized": {"description": "A reader token that does not verify (code invalid_reader_token: alg none or unknown, bad signature, unknown key, expired, wrong audience, malformed, missing sub, name or exp), an anonymous write where the article requires sign-in (sign_in_required), an anonymous post or vote without author or voter (author_required, voter_required), or a missing edit token (edit_token_missing)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Forbidden": {"description": "Not allowed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "Unknown article or comment", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Conflict": {"description": "Closed article, edit window over, decided by someone else, or an anonymous name that a signed-in reader uses (name_taken)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooLarge": {"description": "Body too large", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "UnsupportedMediaType": {"description": "Not JSON (or not YAML for rules)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Rejected": {"description": "Refused by moderation (code rejected, with the rule's reason and details.rule), or an Idempotency-Key used before for a different request (idempotency_key_reused)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "KeyReused": {"description": "The Idempotency-Key was used before for a different request (idempotency_key_reused)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "RateLimited": {"description": "Too many requests", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unavailable": {"description": "Database unavailable", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "schemas": {
          "Error": {"type": "object", "required": ["error"], "additionalProperties": false, "properties": {
            "error": {"type": "object", "required": ["code", "message", "details"], "additionalProperties": false, "properties": {
              "code": {"type": "string"}, "message": {"type": "string"}, "details": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
          "Status": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
          "Readiness": {"type": "object", "required": ["status", "migrations", "ruleset"], "properties": {
            "status": {"type": "string"}, "migrations": {"type": "integer"}, "ruleset": {"type": "string"}}},
          "Article": {"type": "object", "required": ["key", "title", "url", "status", "comment_count", "sign_in"], "properties": {
            "key": {"type": "string"}, "title": {"type": "string"}, "url": {"type": ["string", "null"]},
            "status": {"type": "string", "enum": ["open", "closed"]}, "comment_count": {"type": "integer", "minimum": 0},
            "sign_in": {"type": "string", "enum": ["optional", "required"], "description": "required: only signed-in readers may write"}}},
          "Comment": {"type": "object", "required": ["id", "parent_id", "author", "body", "created_at", "edited_at", "score", "deleted", "replies"],
            "properties": {
              "id": {"type": "integer"}, "parent_id": {"type": ["integer", "null"]},
              "author": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["name", "verified"], "properties": {"name": {"type": "string"}, "verified": {"type": "boolean", "description": "true for a reader signed in through the newsroom's login"}}}]},
              "body": {"type": ["string", "null"]}, "html": {"type": "string", "description": "The body as safe HTML; absent on a tombstone"},
              "created_at": {"type": "string", "format": "date-time"}, "edited_at": {"type": ["string", "null"], "format": "date-time"},
              "score": {"type": "integer"}, "deleted": {"type": "boolean"},
              "replies": {"type": "array", "items": {"$ref": "#/components/schemas/Comment"}}}},
          "ThreadPage": {"type": "object", "required": ["article", "comments", "next_cursor"], "properties": {
            "article": {"$ref": "#/components/schemas/Article"},
            "comments": {"type": "array", "items": {"$ref": "#/components/schemas/Comment"}},
            "next_cursor": {"type": ["string", "null"]}}},
          "Posted": {"type": "object", "required": ["comment", "state", "edit_token", "reason"], "properties": {
            "comment": {"$ref": "#/components/schemas/Comment"}, "state": {"type": "string", "enum": ["published", "pending"]},
            "edit_token": {"type": "string"},
            "reason": {"type": ["string", "null"], "description": "Why a pending comment waits (the holding rule's reason); null when published"}}},
          "PreviewHTML": {"type": "object", "required": ["html"], "additionalProperties": false, "properties": {"html": {"type": "string"}}},
          "Edited": {"type": "object", "required": ["comment", "state", "reason"], "properties": {
            "comment": {"$ref": "#/components/schemas/Comment"}, "state": {"type": "string", "enum": ["published", "pending"]},
            "reason": {"type": ["string", "null"], "description": "Why a held edit waits (the holding rule's reason); null when published"}}},
          "LiveEvent": {"type": "object", "description": "One event of the stream, as its fields: data is JSON (see the operation's description)", "properties": {
            "id": {"type": "string", "pattern": "^[0-9]+$"}, "event": {"type": "string", "enum": ["comment", "removed", "count"]},
            "data": {"type": "string", "contentMediaType": "application/json"}, "retry": {"type": "integer", "minimum": 0}}},
          "Score": {"type": "object", "required": ["id", "score"], "properties": {"id": {"type": "integer"}, "score": {"type": "integer"}}},
          "QueuePage": {"type": "object", "required": ["items", "total", "total_is_capped", "next_cursor"], "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/QueueItem"}},
            "total": {"type": "integer"}, "total_is_capped": {"type": "boolean"}, "next_cursor": {"type": ["string", "null"]}}},
          "QueueItem": {"type": "object", "required": ["comment", "article", "author", "rules", "reports"], "properties": {
            "comment": {"type": "object", "required": ["id", "state", "deleted", "body", "created_at", "version"], "properties": {
              "id": {"type": "integer"}, "parent_id": {"type": "integer"}, "state": {"type": "string"}, "deleted": {"type": "boolean"},
              "body": {"type": "string"}, "created_at": {"type": "string"}, "edited_at": {"type": "string"}, "version": {"type": "integer"},
              "decided_by": {"type": "string"}, "decided_at": {"type": "string"}}},
            "article": {"type": "object", "required": ["key", "title", "status", "mode"], "properties": {
              "key": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string"}, "status": {"type": "string"}, "mode": {"type": "string"}}},
            "parent": {"type": "object", "required": ["id", "author", "excerpt"], "properties": {
              "id": {"type": "integer"}, "author": {"type": "string"}, "excerpt": {"type": "string"}}},
            "author": {"type": "object", "required": ["name", "trust", "approved_comments", "rejected_comments", "spam_comments"], "properties": {
              "name": {"type": "string"}, "trust": {"type": "string", "enum": ["new", "regular", "trusted"]},
              "approved_comments": {"type": "integer"}, "rejected_comments": {"type": "integer"}, "spam_comments": {"type": "integer"},
              "banned_until": {"type": "string"}, "ban_reason": {"type": "string"}}},
            "rules": {"type": "array", "items": {"type": "object", "required": ["name", "action"], "properties": {
              "name": {"type": "string"}, "action": {"type": "string"}, "reason": {"type": "string"}, "match": {"type": "string"},
              "span": {"type": "array", "items": {"type": "integer"}}}}},
            "reports": {"type": "array", "items": {"type": "string"}}}},
          "Decided": {"type": "object", "required": ["id", "from", "to", "promoted"], "properties": {
            "id": {"type": "integer"}, "from": {"type": "string"}, "to": {"type": "string"}, "promoted": {"type": "array", "items": {"type": "string"}}}},
          "Ban": {"type": "object", "required": ["author", "banned_until"], "properties": {
            "author": {"type": "string"}, "banned_until": {"type": ["string", "null"]}, "purged": {"type": "integer"}}},
          "Log": {"type": "object", "required": ["entries"], "properties": {"entries": {"type": "array", "items": {"$ref": "#/components/schemas/LogEntry"}}}},
          "LogEntry": {"type": "object", "required": ["id", "at", "kind", "actor_type", "actor", "action", "article", "comment", "author", "from_state", "to_state", "reason"],
            "properties": {
              "id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "kind": {"type": "string"},
              "actor_type": {"type": "string"}, "actor": {"type": ["string", "null"]}, "action": {"type": ["string", "null"]},
              "article": {"type": ["string", "null"]}, "comment": {"type": ["integer", "null"]}, "author": {"type": ["string", "null"]},
              "from_state": {"type": ["string", "null"]}, "to_state": {"type": ["string", "null"]}, "reason": {"type": ["string", "null"]}}},
          "Rules": {"type": "object", "required": ["version", "built_in", "applied_at", "applied_by", "rule_count", "source"], "properties": {
            "version": {"type": ["integer", "null"]}, "built_in": {"type": "boolean"}, "applied_at": {"type": ["string", "null"]},
            "applied_by": {"type": ["string", "null"]}, "rule_count": {"type": ["integer", "null"]}, "source": {"type": "string"}}}
        }
      }
    }
    """#
}
