import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ParleyCore
import ParleyHTTP
import ParleyPostgres
import ParleyTestSupport

@Suite struct OpenAPITests {
    func document(_ client: some TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.execute(uri: "/openapi.json", method: .get)
        #expect(response.status == .ok)
        return try #require(response.json as? [String: Any])
    }

    static func normalize(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let served = Set(buildRouter(services: harness.services).routes.map { "\($0.method.rawValue) \(Self.normalize("\($0.path)"))" })
        try await harness.application.test(.router) { client in
            let paths = try #require(try await document(client)["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, item) in paths {
                for method in ["get", "post", "put", "patch", "delete"] where item[method] != nil {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(documented == served, "undocumented: \(served.subtracting(documented)); not served: \(documented.subtracting(served))")
            #expect(try await document(client)["openapi"] as? String == "3.1.0")
        }
    }

    /// Runs requests over every route and checks each JSON answer against the schema the
    /// document gives for that route and status.
    @Test func responsesValidateAgainstTheirSchemas() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let held = try await harness.services.discussion.post(PostRequest(articleKey: "story", authorName: "Rude", body: "an idiot"))
        try await harness.application.test(.router) { client in
            let spec = try await document(client)
            let validator = JSONSchemaValidator(document: spec)
            let paths = try #require(spec["paths"] as? [String: [String: Any]])
            var checked = 0
            func check(_ template: String, _ method: HTTPRequest.Method, _ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
                let operation = paths[template]?[method.rawValue.lowercased()] as? [String: Any]
                let responses = operation?["responses"] as? [String: Any]
                guard var declared = responses?[String(response.status.code)] as? [String: Any] else {
                    Issue.record("\(method) \(template) answered \(response.status.code), which is not documented", sourceLocation: sourceLocation)
                    return
                }
                declared = validator.resolve(declared)
                guard let schema = ((declared["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any] else {
                    #expect(response.body.readableBytes == 0 || response.headers[.contentType]?.hasPrefix("application/json") != true, sourceLocation: sourceLocation)
                    return
                }
                guard let value = response.json else {
                    Issue.record("\(method) \(template): not JSON: \(response.text)", sourceLocation: sourceLocation)
                    return
                }
                let problems = validator.validate(value, against: schema)
                #expect(problems.isEmpty, "\(method) \(template) \(response.status.code): \(problems)", sourceLocation: sourceLocation)
                checked += 1
            }
            let auth = HTTPFields.bearer(harness.moderatorToken)
            check("/healthz", .get, try await client.execute(uri: "/healthz", method: .get))
            check("/readyz", .get, try await client.execute(uri: "/readyz", method: .get))
            let posted = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                                  body: Body.json(["author": ["name": "Ann"], "body": "Hello"]))
            check("/api/articles/{key}/comments", .post, posted)
            let id = (posted.object["comment"] as? [String: Any])?["id"] as? Int ?? 0
            let token = posted.object["edit_token"] as? String ?? ""
            _ = try await client.execute(uri: "/api/articles/story/comments", method: .post, headers: .json,
                                         body: Body.json(["author": ["name": "Bob"], "body": "A reply", "parent_id": id]))
            check("/api/articles/{key}/comments", .post, try await client.execute(uri: "/api/articles/story/comments", method: .post,
                                                                                   headers: .json, body: Body.json(["body": "x"])))
            check("/api/articles/{key}/comments", .get, try await client.execute(uri: "/api/articles/story/comments", method: .get))
            check("/api/articles/{key}/comments", .get, try await client.execute(uri: "/api/articles/none/comments", method: .get))
            var edit = HTTPFields.json
            edit[HTTPField.Name("X-Edit-Token")!] = token
            check("/api/comments/{id}", .patch, try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: edit,
                                                                         body: Body.json(["body": "Hello again"])))
            check("/api/comments/{id}/votes", .post, try await client.execute(uri: "/api/comments/\(id)/votes", method: .post, headers: .json,
                                                                               body: Body.json(["value": 1, "voter": "Zed"])))
            check("/api/comments/{id}/reports", .post, try await client.execute(uri: "/api/comments/\(id)/reports", method: .post, headers: .json,
                                                                                 body: Body.json(["reason": "rude"])))
            check("/api/counts", .get, try await client.execute(uri: "/api/counts?articles=story,none", method: .get))
            check("/api/preview", .post, try await client.execute(uri: "/api/preview", method: .post, headers: .json, body: Body.json(["body": "*hi*"])))
            check("/api/preview", .post, try await client.execute(uri: "/api/preview", method: .post, headers: .json, body: Body.json(["body": ""])))
            check("/api/articles/{key}/events", .get, try await client.execute(uri: "/api/articles/none/events", method: .get))
            check("/api/articles/{key}/comments", .post, try await client.execute(uri: "/api/articles/story/comments", method: .post,
                                                                                   headers: .json, body: Body.json(["author": ["name": "Rude"], "body": "an idiot"])))
            check("/api/admin/queue", .get, try await client.execute(uri: "/api/admin/queue", method: .get, headers: auth))
            check("/api/admin/queue", .get, try await client.execute(uri: "/api/admin/queue", method: .get))
            check("/api/admin/comments/{id}/decision", .post, try await client.execute(uri: "/api/admin/comments/\(held.comment.id)/decision",
                                                                                       method: .post, headers: auth, body: Body.json(["action": "reject"])))
            check("/api/admin/authors/{name}/ban", .post, try await client.execute(uri: "/api/admin/authors/Rude/ban", method: .post, headers: auth,
                                                                                   body: Body.json(["duration": "1d", "reason": "x"])))
            check("/api/admin/authors/{name}/ban", .delete, try await client.execute(uri: "/api/admin/authors/Rude/ban", method: .delete,
                                                                                     headers: .bearer(harness.moderatorToken, json: false)))
            check("/api/admin/log", .get, try await client.execute(uri: "/api/admin/log", method: .get, headers: auth))
            check("/api/admin/rules", .get, try await client.execute(uri: "/api/admin/rules", method: .get, headers: auth))
            check("/api/admin/rules", .put, try await client.execute(uri: "/api/admin/rules", method: .put,
                                                                     headers: [.authorization: "Bearer \(harness.adminToken)", .contentType: "application/yaml"],
                                                                     body: ByteBuffer(string: "version: 1\nrules:\n  - {name: a, when: {body: {words: [zz]}}, action: flag}\n")))
            check("/api/comments/{id}", .delete, try await client.execute(uri: "/api/comments/\(id)", method: .delete, headers: edit))
            #expect(checked >= 18)
        }
    }
}
