import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ParleyCore
import ParleyHTTP
import ParleyMail
import ParleyPostgres
import ParleyTestSupport

/// `"notify": true` on a post, and the unsubscribe link of the emails (RFC 8058 one-click).
@Suite struct UnsubscribeRouteTests {
    @Test func notifyNeedsAnEmailAndIsStoredWithTheComment() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        try await harness.application.test(.router) { client in
            let uri = "/api/articles/story/comments"
            let missing = try await client.execute(uri: uri, method: .post, headers: .json,
                                                   body: Body.json(["author": ["name": "Ann"], "body": "Hi", "notify": true]))
            #expect(missing.status == .unprocessableContent && missing.errorCode == "notify_needs_email")
            let malformed = try await client.execute(uri: uri, method: .post, headers: .json,
                                                     body: Body.json(["author": ["name": "Ann", "email": "ann@example.org"], "body": "Hi", "notify": "yes"]))
            #expect(malformed.status == .badRequest && malformed.errorCode == "invalid_notify")
            let posted = try await client.execute(uri: uri, method: .post, headers: .json,
                                                  body: Body.json(["author": ["name": "Ann", "email": "ann@example.org"], "body": "Hi", "notify": true]))
            #expect(posted.status == .created)
            let quiet = try await client.execute(uri: uri, method: .post, headers: .json,
                                                 body: Body.json(["author": ["name": "Bob", "email": "bob@example.org"], "body": "Hi", "notify": false]))
            #expect(quiet.status == .created)
            let id = (posted.object["comment"] as? [String: Any])?["id"] as? Int
            let rows = try await harness.test.database.run { connection in
                try connection.query("SELECT comment_id, address FROM reply_subscriptions").rows.map {
                    "\(try $0.decode(0, as: Int64.self)) \(try $0.decode(1, as: String.self))"
                }
            }
            #expect(rows == ["\(id ?? 0) ann@example.org"])
        }
    }

    @Test func theLinkAsksOnGETUnsubscribesOnceOnPOSTAndIsLogged() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let discussion = harness.services.discussion
        let parent = try await discussion.post(PostRequest(articleKey: "story", authorName: "Олена Коваленко", email: "olena@example.org",
                                                           body: "Question", notify: true)).comment
        let reply = try await discussion.post(PostRequest(articleKey: "story", authorName: "Mark", body: "Answer", parentID: parent.id)).comment
        // The reply's statement queued the notification.
        let messageID = try #require(try await harness.test.database.run { connection in
            try connection.query("SELECT id FROM email_messages WHERE reason_key = 'reply:' || $1::int8", [reply.id]).first?.decode(0, as: Int64.self)
        })
        let token = UnsubscribeLinks(secret: try await harness.test.database.mail.unsubscribeSecret()).token(messageID: messageID)
        @Sendable func logged() async throws -> [String] {
            try await harness.test.database.run { connection in
                try connection.query("SELECT address || ' ' || list || ' ' || method FROM email_unsubscriptions").rows.map { try $0.decode(0) }
            }
        }
        try await harness.application.test(.router) { client in
            let page = try await client.execute(uri: "/email/unsubscribe/\(token)", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(page.text.contains("Unsubscribe from reply notifications?"))
            #expect(page.text.contains("<form method=\"post\">"))
            #expect(page.text.contains("o…@example.org"))
            #expect(!page.text.contains("olena@example.org"))
            #expect(try await logged().isEmpty, "a GET changes nothing")

            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let done = try await client.execute(uri: "/email/unsubscribe/\(token)", method: .post, headers: form,
                                                body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(done.status == .ok && done.text.contains("You are unsubscribed"))
            let again = try await client.execute(uri: "/email/unsubscribe/\(token)", method: .post, headers: form,
                                                 body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(again.status == .ok && again.text.contains("unsubscribed already"))
            let revisited = try await client.execute(uri: "/email/unsubscribe/\(token)", method: .get)
            #expect(revisited.status == .ok && revisited.text.contains("unsubscribed already"))
            #expect(try await logged() == ["olena@example.org replies one-click"])

            // Forged, cut and unknown links.
            let mac = token.split(separator: ".")[1]
            for bad in ["\(messageID + 1).\(mac)", String(token.dropLast(3)), "nonsense"] {
                let refused = try await client.execute(uri: "/email/unsubscribe/\(bad)", method: .post, headers: form,
                                                       body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
                #expect(refused.status == .notFound && refused.text.contains("not valid"), "\(bad)")
            }
            let tooLong = try await client.execute(uri: "/email/unsubscribe/" + String(repeating: "1", count: 101), method: .get)
            #expect(tooLong.status == .badRequest && tooLong.errorCode == "invalid_token")
            #expect(try await logged().count == 1)
            // The queue's counts show on /metrics.
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains("parley_mail_messages{status=\"pending\"} 1"), "\(metrics)")
            #expect(metrics.contains("parley_mail_messages{status=\"sent\"} 0"))
        }
        // The reader gets no more reply notifications.
        let later = try await discussion.post(PostRequest(articleKey: "story", authorName: "Ivan", body: "Later", parentID: parent.id)).comment
        #expect(try await harness.test.database.mail.replyNotificationTargets(replyID: later.id).isEmpty)
    }

    @Test func thePageButtonUnsubscribesAModerator() async throws {
        let harness = try await Harness.make()
        defer { Task { await harness.close() } }
        let mail = harness.test.database.mail
        _ = try await mail.addModerator(address: "desk@news.example", by: "test")
        let rude = try await harness.services.discussion.post(PostRequest(articleKey: "story", authorName: "Rude", body: "Rude")).comment
        for reader in ["a", "b", "c"] { _ = try await harness.services.discussion.report(id: rude.id, reason: "rude", reporter: reader) }
        // The report that moved it into the reported queue queued the alert; the catch-up adds nothing.
        #expect(try await mail.enqueueReportAlerts(within: 3600, hourlyCap: 10).isEmpty)
        let alertID = try #require(try await harness.test.database.run { connection in
            try connection.query("SELECT id FROM email_messages WHERE kind = 'reported' AND comment_id = $1", [rude.id]).first?.decode(0, as: Int64.self)
        })
        let token = UnsubscribeLinks(secret: try await mail.unsubscribeSecret()).token(messageID: alertID)
        try await harness.application.test(.router) { client in
            let page = try await client.execute(uri: "/email/unsubscribe/\(token)", method: .get)
            #expect(page.text.contains("Unsubscribe from moderator alerts?"))
            let done = try await client.execute(uri: "/email/unsubscribe/\(token)", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "confirm=yes"))
            #expect(done.status == .ok && done.text.contains("You are unsubscribed"))
        }
        #expect(try await mail.moderators().first?.unsubscribedAt != nil)
        let method = try await harness.test.database.run { connection in
            try connection.query("SELECT method FROM email_unsubscriptions").first?.decode(0, as: String.self)
        }
        #expect(method == "page")
    }
}
