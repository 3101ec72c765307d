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

/// Reader sign-in on the HTTP API: tokens from the newsroom's login on reader writes.
@Suite struct SignInRouteTests {
    func post(_ client: some TestClientProtocol, _ body: String, author: String? = nil, token: String? = nil,
              article: String = "story") async throws -> TestResponse {
        var object: [String: Any] = ["body": body]
        if let author { object["author"] = ["name": author] }
        let headers: HTTPFields = token.map { .bearer($0) } ?? .json
        return try await client.execute(uri: "/api/articles/\(article)/comments", method: .post, headers: headers, body: Body.json(object))
    }

    func signedInHarness() async throws -> (Harness, TestSigner) {
        let harness = try await Harness.make()
        let signer = await TestSigner.hs256()
        _ = try await harness.test.database.signInKeys.add(name: "site", algorithm: .hs256, material: signer.material,
                                                           audience: nil, createdBy: "test")
        return (harness, signer)
    }

    @Test func aSignedInPostIsByAVerifiedReader() async throws {
        let (harness, signer) = try await signedInHarness()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let token = try await signer.token(sub: "u-42", name: "Olena Petrenko", email: "olena@example.org")
            var response = try await post(client, "Signed in", author: "Someone Else", token: token)
            #expect(response.status == .created)
            let author = (response.object["comment"] as? [String: Any])?["author"] as? [String: Any]
            #expect(author?["name"] as? String == "Olena Petrenko", "the token's name, not the body's")
            #expect(author?["verified"] as? Bool == true)

            response = try await post(client, "Anonymous", author: "Ann")
            #expect(((response.object["comment"] as? [String: Any])?["author"] as? [String: Any])?["verified"] as? Bool == false)

            // The display name follows the latest token; the record stays the same reader.
            let renamed = try await signer.token(sub: "u-42", name: "Olena P.")
            response = try await post(client, "Renamed", token: renamed)
            #expect(response.status == .created)
            let record = try #require(try await harness.test.database.authors.find(name: "Olena P."))
            #expect(record.verified && record.commentCount == 2 && record.email == "olena@example.org")

            response = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            let comments = response.object["comments"] as? [[String: Any]] ?? []
            #expect(comments.compactMap { ($0["author"] as? [String: Any])?["verified"] as? Bool } == [true, false, true])
            #expect((response.object["article"] as? [String: Any])?["sign_in"] as? String == "optional")

            // Moderator tokens on a reader write are not reader tokens: the post is anonymous.
            response = try await post(client, "Tool post", author: "Bot", token: harness.moderatorToken)
            #expect(response.status == .created)
            response = try await post(client, "No author, no token")
            #expect(response.status == .unauthorized && response.errorCode == "author_required")
        }
    }

    @Test func badTokensAreRefusedOnEveryReaderWrite() async throws {
        let (harness, signer) = try await signedInHarness()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let posted = try await post(client, "Target", author: "Ann")
            let id = try #require((posted.object["comment"] as? [String: Any])?["id"] as? Int)
            let other = await TestSigner.hs256()
            let bad = [TestSigner.unsigned(), try await other.token(), try await signer.token(expires: Date().addingTimeInterval(-5)),
                       TestSigner.tampered(try await signer.token()), "not.a.jwt"]
            for token in bad {
                var response = try await post(client, "Hello", author: "Ann", token: token)
                #expect(response.status == .unauthorized && response.errorCode == "invalid_reader_token", "\(token)")
                response = try await client.execute(uri: "/api/comments/\(id)/votes", method: .post, headers: .bearer(token),
                                                    body: Body.json(["value": 1, "voter": "v"]))
                #expect(response.status == .unauthorized && response.errorCode == "invalid_reader_token")
                response = try await client.execute(uri: "/api/comments/\(id)/reports", method: .post, headers: .bearer(token),
                                                    body: Body.json(["reason": "spam"]))
                #expect(response.status == .unauthorized && response.errorCode == "invalid_reader_token")
                var headers = HTTPFields.bearer(token)
                headers[HTTPField.Name("X-Edit-Token")!] = posted.object["edit_token"] as? String
                response = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: headers, body: Body.json(["body": "x"]))
                #expect(response.status == .unauthorized && response.errorCode == "invalid_reader_token")
                response = try await client.execute(uri: "/api/comments/\(id)", method: .delete, headers: headers)
                #expect(response.status == .unauthorized && response.errorCode == "invalid_reader_token")
            }
            // A signed-in reader votes as themselves, once.
            let token = try await signer.token()
            var response = try await client.execute(uri: "/api/comments/\(id)/votes", method: .post, headers: .bearer(token),
                                                    body: Body.json(["value": 1]))
            #expect(response.status == .ok && response.object["score"] as? Int == 1)
            response = try await client.execute(uri: "/api/comments/\(id)/votes", method: .post, headers: .bearer(token),
                                                body: Body.json(["value": 1, "voter": "pretend"]))
            #expect(response.object["score"] as? Int == 1, "the token's reader, not the body's voter")
        }
    }

    @Test func aVerifiedReadersNameIsTheirs() async throws {
        let (harness, signer) = try await signedInHarness()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            #expect(try await post(client, "Mine", token: try await signer.token(name: "Olena")).status == .created)
            var response = try await post(client, "Impostor", author: "OLENA")
            #expect(response.status == .conflict && response.errorCode == "name_taken")
            response = try await post(client, "Impostor", author: "olena")
            #expect(response.errorCode == "name_taken")
            // Another signed-in reader may share a display name.
            response = try await post(client, "Namesake", token: try await signer.token(sub: "reader-2", name: "Olena"))
            #expect(response.status == .created)
        }
    }

    @Test func articlesCanRequireSignIn() async throws {
        let (harness, signer) = try await signedInHarness()
        defer { Task { await harness.close() } }
        let posted = try await harness.services.discussion.post(PostRequest(articleKey: "story", authorName: "Early", body: "before"))
        _ = try await harness.test.database.articles.update(key: "story", changes: ArticleChanges(signIn: .required),
                                                            actor: Actor(.moderator, "test"))
        try await harness.application.test(.router) { client in
            var response = try await post(client, "Anonymous", author: "Ann")
            #expect(response.status == .unauthorized && response.errorCode == "sign_in_required")
            response = try await post(client, "No author either")
            #expect(response.status == .unauthorized && response.errorCode == "sign_in_required")
            response = try await client.execute(uri: "/api/comments/\(posted.comment.id)/votes", method: .post, headers: .json,
                                                body: Body.json(["value": 1, "voter": "v"]))
            #expect(response.status == .unauthorized && response.errorCode == "sign_in_required")
            response = try await client.execute(uri: "/api/comments/\(posted.comment.id)/reports", method: .post, headers: .json,
                                                body: Body.json(["reason": "spam"]))
            #expect(response.status == .unauthorized && response.errorCode == "sign_in_required")
            response = try await post(client, "Signed in", token: try await signer.token())
            #expect(response.status == .created)
            response = try await client.execute(uri: "/api/articles/story/comments", method: .get)
            #expect((response.object["article"] as? [String: Any])?["sign_in"] as? String == "required")
        }
    }

    @Test func aBanFollowsTheReaderNotTheName() async throws {
        let (harness, signer) = try await signedInHarness()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            #expect(try await post(client, "First", token: try await signer.token(sub: "troll", name: "Rude")).status == .created)
            var response = try await client.execute(uri: "/api/admin/authors/Rude/ban", method: .post,
                                                    headers: .bearer(harness.moderatorToken), body: Body.json(["duration": "7d"]))
            #expect(response.status == .ok)
            // A new name in the next token does not shake the ban off.
            response = try await post(client, "Again", token: try await signer.token(sub: "troll", name: "Nice"))
            #expect(response.status == .unprocessableContent && response.errorCode == "rejected")
            // Another reader who picks the banned name is not banned.
            response = try await post(client, "Hello", token: try await signer.token(sub: "someone", name: "Rude"))
            #expect(response.status == .created)
        }
    }

    @Test func keysAddedAndRemovedCountAtOnce() async throws {
        let (harness, signer) = try await signedInHarness()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let next = try await TestSigner.es256()
            #expect(try await post(client, "Early", token: try await next.token()).errorCode == "invalid_reader_token")
            _ = try await harness.test.database.signInKeys.add(name: "site", algorithm: .es256, material: next.material,
                                                               audience: "news", createdBy: "test")
            #expect(try await post(client, "Rotated", token: try await next.token(audience: ["news"])).status == .created)
            #expect(try await post(client, "No aud", token: try await next.token()).errorCode == "invalid_reader_token")
            #expect(try await post(client, "Old key", token: try await signer.token()).status == .created, "both keys active")
            let first = try #require(try await harness.test.database.signInKeys.active().first { $0.algorithm == .hs256 })
            #expect(try await harness.test.database.signInKeys.remove(name: "site", id: first.id, by: "test") == 1)
            #expect(try await post(client, "Old key", token: try await signer.token()).errorCode == "invalid_reader_token")
        }
    }
}
