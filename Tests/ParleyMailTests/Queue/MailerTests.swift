import Foundation
import Logging
import Testing
import ParleyCore
import ParleyMail
import ParleyPostgres
import ParleyTestSupport

/// The whole way of a message: a reply in PostgreSQL, the queue, the composer, msmtp, and a
/// real SMTP server (aiosmtpd) whose received bytes Python's email package reads back.
@Suite(.enabled(if: SMTPSink.available, "needs .build/mail-venv (aiosmtpd) and msmtp: run scripts/test, which makes them")) struct MailerTests {
    static let olena = "Олена Коваленко"
    static let xss = "<script>alert(1)</script> **thanks** <img src=x onerror=alert(2)> [x](javascript:alert(3))"

    @Test func aReplyNotificationArrivesWithEncodedHeadersBothPartsAndAnInertQuote() async throws {
        let mail = try await MailFixture.make()
        defer { Task { await mail.close() } }
        let parent = try await mail.post(Self.olena, "Дякую за статтю.", email: "olena@example.org", notify: true)
        let reply = try await mail.post("Mark <b>", Self.xss, replyTo: parent.id)
        // Queued by the reply's own statement: nothing else was asked.
        #expect(try await mail.queued(for: reply.id) == ["pending"])
        #expect(try await mail.mailer.replyBecameVisible(commentID: reply.id).isEmpty)
        #expect(try await mail.mailer.sendDue() == 1)

        let messages = try mail.sink.messages()
        try #require(messages.count == 1)
        let message = messages[0]
        #expect(message.rcptTos == ["olena@example.org"])
        #expect(message.mailFrom == "comments@news.example")
        #expect(message.defects.isEmpty && message.parts.allSatisfy { $0.defects.isEmpty })
        #expect(!message.bareLF)
        #expect(message.longestLine <= 998)

        // Headers: ASCII on the wire, RFC 2047 words for the Ukrainian names and title.
        for header in message.headers { #expect(header[1].unicodeScalars.allSatisfy { $0.isASCII }, "\(header[0]) is not ASCII") }
        #expect(message.raw("To").first?.contains("=?UTF-8?B?") == true)
        #expect(message.to == [[Self.olena, "olena@example.org"]])
        #expect(message.from == [["Київ Daily", "comments@news.example"]])
        #expect(message.decoded["Subject"] == "Mark <b> replied to your comment on \"Київ: тисяча днів <війни>\"")
        let headerBlock = message.raw.components(separatedBy: "\r\n\r\n")[0]
        for line in headerBlock.components(separatedBy: "\r\n") where !line.hasPrefix("List-Unsubscribe:") {
            #expect(line.utf8.count <= 78, "header line too long: \(line)")
        }

        // Exactly one Date and Message-ID (msmtp adds its own only when they are missing).
        let ids = message.raw("Message-ID")
        try #require(ids.count == 1)
        #expect(ids[0].wholeMatch(of: /<parley\.\d+\.[0-9a-f]{16}@news\.example>/) != nil, "\(ids[0])")
        let dates = message.raw("Date")
        try #require(dates.count == 1)
        let date = try #require(Self.parseDate(dates[0]), "\(dates[0])")
        #expect(abs(date.timeIntervalSinceNow) < 120)
        #expect(try await mail.scalar("SELECT message_id FROM email_messages WHERE reason_key = 'reply:' || $1::int8", [reply.id], as: String.self) == ids[0])
        #expect(try await mail.scalar("SELECT status FROM email_messages WHERE reason_key = 'reply:' || $1::int8", [reply.id], as: String.self) == "sent")

        // RFC 8058: a https link with a signed token, and the one-click POST header.
        let unsubscribe = try #require(message.raw("List-Unsubscribe").first)
        #expect(unsubscribe.wholeMatch(of: /<https:\/\/comments\.news\.example\/email\/unsubscribe\/\d+\.[A-Za-z0-9_-]{43}>/) != nil, "\(unsubscribe)")
        #expect(message.raw("List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"])
        #expect(message.raw("Auto-Submitted") == ["auto-generated"])

        // Both parts, in order, UTF-8, quoted-printable.
        #expect(message.contentType == "multipart/alternative")
        #expect(message.parts.map(\.contentType) == ["text/plain", "text/html"])
        #expect(message.parts.allSatisfy { $0.charset == "utf-8" && $0.transferEncoding == "quoted-printable" })
        let text = try #require(message.part("text/plain")).text
        let html = try #require(message.part("text/html")).text
        #expect(text.contains("> " + Self.xss))
        #expect(text.contains("> Дякую за статтю."))
        #expect(text.contains("Hello \(Self.olena),"))
        #expect(text.contains(String(unsubscribe.dropFirst().dropLast())))

        // The quoted reply went through the safe renderer: its markup is text, only parley's tags remain.
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("javascript:alert(3)\""))
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<strong>thanks</strong>"))
        #expect(html.contains("<strong>Mark &lt;b&gt;</strong> replied"))
        #expect(html.contains("Київ: тисяча днів &lt;війни&gt;"))
        #expect(html.contains("<a href=\"https://news.example/kyiv-1000-days#parley-comment-\(reply.id)\">Read the discussion</a>"))
        #expect(html.contains("Hello Олена Коваленко,"))
        let tags = Set(html.matches(of: /<\/?([a-zA-Z0-9!]+)/).map { String($0.output.1).lowercased() })
        #expect(tags.isSubset(of: ["!doctype", "html", "head", "meta", "title", "body", "p", "strong", "blockquote", "a", "hr", "small",
                                   "br", "em", "code", "pre"]), "\(tags)")
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter.date(from: text)
    }

    @Test func aReplyMailsItsReaderOnceHoweverOftenItIsAskedAndNeverForTheirOwnReplies() async throws {
        let mail = try await MailFixture.make()
        defer { Task { await mail.close() } }
        let parent = try await mail.post(Self.olena, "A question.", email: "olena@example.org", notify: true)
        let reply = try await mail.post("Mark", "An answer.", replyTo: parent.id)
        // Asked many times at once (two dispatchers, a retried event): one row, one message.
        let results = try await withThrowingTaskGroup(of: [EnqueuedMail].self) { group in
            for _ in 0..<6 { group.addTask { try await mail.mailer.replyBecameVisible(commentID: reply.id) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.isEmpty)
        #expect(try await mail.queued(for: reply.id) == ["pending"])
        #expect(try await mail.mailer.catchUpRecentReplies().isEmpty)
        #expect(try await mail.mailer.sendDue() == 1)
        #expect(try await mail.mailer.replyBecameVisible(commentID: reply.id).isEmpty)
        #expect(try await mail.mailer.sendDue() == 0)
        #expect(try mail.sink.messages().count == 1)

        // Her own reply (same author), and a reply under another name with her address: nothing.
        let own = try await mail.post(Self.olena, "Adding to my question.", replyTo: parent.id)
        #expect(try await mail.test.database.mail.replyNotificationTargets(replyID: own.id).isEmpty)
        let alias = try await mail.post("O. K.", "Me again.", email: "OLENA@example.org", notify: true, replyTo: parent.id)
        #expect(try await mail.test.database.mail.replyNotificationTargets(replyID: alias.id).isEmpty)
        // A comment without a subscription, and a top-level comment: nothing.
        let plain = try await mail.post("Ann", "No mail for me.", email: "ann@example.org")
        let toPlain = try await mail.post("Mark", "Hi Ann.", replyTo: plain.id)
        #expect(try await mail.test.database.mail.replyNotificationTargets(replyID: toPlain.id).isEmpty)
        #expect(try await mail.test.database.mail.replyNotificationTargets(replyID: parent.id).isEmpty)
        #expect(try await mail.mailer.catchUpRecentReplies().isEmpty)
        #expect(try await mail.mailer.sendDue() == 0)
        #expect(try mail.sink.messages().count == 1)
    }

    @Test func aHeldReplyIsQueuedWhenItIsApprovedAndARolledBackOneNever() async throws {
        let mail = try await MailFixture.make()
        defer { Task { await mail.close() } }
        let parent = try await mail.post("Ann", "Tell me when someone answers.", email: "ann@example.org", notify: true)
        let reply = try await mail.post("Bob", "Someone answers.", replyTo: parent.id)
        // Held (as a moderator's hold would leave it): a state change in a transaction that rolls back queues nothing.
        _ = try await mail.test.database.run { connection in
            try connection.execute("DELETE FROM email_messages")
            try connection.execute("UPDATE comments SET state = 'pending' WHERE id = $1", [reply.id])
            try connection.execute("BEGIN")
            try connection.execute("UPDATE comments SET state = 'published' WHERE id = $1", [reply.id])
            try connection.execute("ROLLBACK")
        }
        #expect(try await mail.queued(for: reply.id).isEmpty)
        // Approved for real: queued in the approving statement's transaction.
        _ = try await mail.test.database.run { connection in
            try connection.execute("UPDATE comments SET state = 'published' WHERE id = $1", [reply.id])
        }
        #expect(try await mail.queued(for: reply.id) == ["pending"])
        #expect(try await mail.mailer.catchUpRecentReplies().isEmpty)
        #expect(try await mail.mailer.sendDue() == 1)
        #expect(try mail.sink.messages().map(\.rcptTos) == [["ann@example.org"]])
    }

    @Test func anAddressGetsAtMostTheHourlyCap() async throws {
        let mail = try await MailFixture.make(hourlyCap: 3)
        defer { Task { await mail.close() } }
        let first = try await mail.post("Ann", "First.", email: "ann@example.org", notify: true)
        let second = try await mail.post("Ann", "Second.", email: "ann@example.org", notify: true)
        var statuses: [String] = []
        for index in 0..<5 {
            let reply = try await mail.post("Reader \(index)", "Reply \(index).", replyTo: index % 2 == 0 ? first.id : second.id)
            statuses += try await mail.queued(for: reply.id)
        }
        #expect(statuses == ["pending", "pending", "pending", "skipped", "skipped"])
        #expect(try await mail.scalar("SELECT count(*) FROM email_messages WHERE last_error = 'hourly_cap'", as: Int.self) == 2)
        #expect(try await mail.mailer.sendDue() == 3)
        #expect(try mail.sink.messages().count == 3)
        // Another address has its own allowance.
        let other = try await mail.post("Bea", "Mine.", email: "bea@example.org", notify: true)
        let reply = try await mail.post("Reader", "To Bea.", replyTo: other.id)
        #expect(try await mail.queued(for: reply.id) == ["pending"])
    }

    @Test func anUnsubscribeLinkWorksOnceIsLoggedAndSilencesLaterReplies() async throws {
        let mail = try await MailFixture.make()
        defer { Task { await mail.close() } }
        let parent = try await mail.post("Ann", "Question.", email: "ann@example.org", notify: true)
        let other = try await mail.post("Ann", "Another one.", email: "ann@example.org", notify: true)
        try await mail.mailer.replyBecameVisible(commentID: try await mail.post("Bob", "Answer.", replyTo: parent.id).id)
        try await mail.mailer.replyBecameVisible(commentID: try await mail.post("Cid", "Answer.", replyTo: other.id).id)
        #expect(try await mail.mailer.sendDue() == 2)
        let messages = try mail.sink.messages()
        try #require(messages.count == 2)
        let link = try #require(messages[0].raw("List-Unsubscribe").first)
        let token = String(link.dropFirst().dropLast().split(separator: "/").last ?? "")
        let id = try #require(mail.mailer.composer.links.messageID(token: token))
        // A token for another id, or with a changed letter, does not verify.
        #expect(mail.mailer.composer.links.messageID(token: token.replacingOccurrences(of: "\(id).", with: "\(id + 1).")) == nil)
        #expect(mail.mailer.composer.links.messageID(token: String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")) == nil)

        #expect(try await mail.test.database.mail.unsubscribe(messageID: id, method: .oneClick))
        #expect(try await !mail.test.database.mail.unsubscribe(messageID: id, method: .page))
        #expect(try await mail.test.database.mail.unsubscribeTarget(messageID: id)?.usedAt != nil)
        #expect(try await mail.scalar("SELECT count(*) FROM email_unsubscriptions", as: Int.self) == 1)
        #expect(try await mail.scalar("SELECT method FROM email_unsubscriptions", as: String.self) == "one-click")

        // Later replies to either of her comments mail nobody.
        let later = try await mail.post("Dan", "Late answer.", replyTo: other.id)
        #expect(try await mail.queued(for: later.id).isEmpty)
        // A new opt-in after the unsubscription counts again.
        let fresh = try await mail.post("Ann", "New question, notify me.", email: "ann@example.org", notify: true)
        let answer = try await mail.post("Eve", "New answer.", replyTo: fresh.id)
        #expect(try await mail.queued(for: answer.id) == ["pending"])
        // The log is append-only.
        await #expect(throws: (any Error).self) {
            try await mail.test.database.run { connection in _ = try connection.execute("DELETE FROM email_unsubscriptions") }
        }
    }

    @Test func aMessageQueuedBeforeAnUnsubscriptionOrARemovalIsSkipped() async throws {
        let mail = try await MailFixture.make()
        defer { Task { await mail.close() } }
        let parent = try await mail.post("Ann", "Question.", email: "ann@example.org", notify: true)
        try await mail.mailer.replyBecameVisible(commentID: try await mail.post("Bob", "Answer.", replyTo: parent.id).id)
        #expect(try await mail.mailer.sendDue() == 1)
        let removed = try await mail.post("Cid", "A reply a moderator removes.", replyTo: parent.id)
        let second = try await mail.post("Dan", "A reply sent after she left.", replyTo: parent.id)
        try await mail.mailer.replyBecameVisible(commentID: removed.id)
        try await mail.mailer.replyBecameVisible(commentID: second.id)
        _ = try await ModerationDesk(repository: mail.test.database.desk).decide(.reject, target: .ids([removed.id]), moderator: "mod")
        let first = try #require(try await mail.scalar("SELECT min(id) FROM email_messages", as: Int64.self))
        #expect(try await mail.test.database.mail.unsubscribe(messageID: first, method: .page))
        #expect(try await mail.mailer.sendDue() == 2)
        #expect(try mail.sink.messages().count == 1)
        #expect(try await mail.scalar("SELECT string_agg(last_error, ',' ORDER BY id) FROM email_messages WHERE status = 'skipped'",
                                      as: String.self) == "reply_removed,unsubscribed")
    }

    @Test func moderatorsHearOfReportedCommentsOnceAndOfALongQueueOnceAnHour() async throws {
        let mail = try await MailFixture.make(queueAlert: 2, articleMode: .pre)
        defer { Task { await mail.close() } }
        _ = try await mail.test.database.mail.addModerator(address: "desk@news.example", by: "test")
        _ = try await mail.test.database.mail.addModerator(address: "night@news.example", by: "test")
        #expect(try await mail.mailer.decideModeratorAlerts().isEmpty)

        // Two comments held on a pre-moderated article: the queue is at its threshold.
        try await mail.post("Ann", "Held one.")
        try await mail.post("Bob", "Held two.")
        let queueAlerts = try await mail.mailer.decideModeratorAlerts()
        #expect(queueAlerts.map(\.kind) == [.queue, .queue])
        #expect(try await mail.mailer.decideModeratorAlerts().isEmpty)

        // A published comment reported by three readers enters the reported queue.
        let story = try await mail.test.article("open-story")
        let rude = try await mail.discussion.post(PostRequest(articleKey: story.key, authorName: "Rude", body: "You <b>idiots</b>.")).comment
        for reader in ["r1", "r2", "r3"] {
            _ = try await mail.discussion.report(id: rude.id, reason: "Insult <script>x</script> from \(reader)", reporter: reader)
        }
        // Queued by the statement that moved it into the reported queue; the loop's catch-up adds nothing.
        let reported = try await mail.test.database.run { connection in
            try connection.query("SELECT address FROM email_messages WHERE kind = 'reported' AND comment_id = $1 ORDER BY address", [rude.id])
                .rows.map { try $0.decode(0, as: String.self) }
        }
        #expect(reported == ["desk@news.example", "night@news.example"])
        #expect(try await mail.mailer.decideModeratorAlerts().isEmpty)

        // One moderator leaves the list before the alerts go: hers are skipped.
        #expect(try await mail.test.database.mail.removeModerator(address: "NIGHT@news.example"))
        #expect(try await mail.mailer.sendDue() == 4)
        let messages = try mail.sink.messages()
        #expect(messages.map(\.rcptTos) == [["desk@news.example"], ["desk@news.example"]])
        let alert = try #require(messages.first { $0.decoded["Subject"]?.hasPrefix("Reported:") == true })
        let html = try #require(alert.part("text/html")).text
        #expect(html.contains("You &lt;b&gt;idiots&lt;/b&gt;."))
        #expect(html.contains("<li>Insult &lt;script&gt;x&lt;/script&gt; from r3</li>"))
        #expect(!html.contains("<script") && !html.contains("<b>"))
        #expect(alert.raw("List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"])
        let queue = try #require(messages.first { $0.decoded["Subject"]?.hasPrefix("The moderation queue") == true })
        #expect(queue.part("text/plain")?.text.contains("holds 2 comments") == true)
        // The moderator list says who unsubscribed.
        let link = try #require(alert.raw("List-Unsubscribe").first)
        let id = try #require(mail.mailer.composer.links.messageID(token: String(link.dropLast().split(separator: "/").last ?? "")))
        #expect(try await mail.test.database.mail.unsubscribe(messageID: id, method: .oneClick))
        #expect(try await mail.test.database.mail.moderators().map { $0.unsubscribedAt != nil } == [true])
        _ = try await mail.test.database.mail.addModerator(address: "desk@news.example", by: "test")
        #expect(try await mail.test.database.mail.moderators().map { $0.unsubscribedAt != nil } == [false])
    }

    @Test func aRelayThatDefersIsTriedAgainLaterAndOneThatRefusesFailsTheMessage() async throws {
        let mail = try await MailFixture.make(refuse: ["gone@example.org"], defer: ["busy@example.org"])
        defer { Task { await mail.close() } }
        let busy = try await mail.post("Busy", "Mail me.", email: "busy@example.org", notify: true)
        let gone = try await mail.post("Gone", "Mail me too.", email: "gone@example.org", notify: true)
        try await mail.mailer.replyBecameVisible(commentID: try await mail.post("Ann", "Hi busy.", replyTo: busy.id).id)
        try await mail.mailer.replyBecameVisible(commentID: try await mail.post("Ann", "Hi gone.", replyTo: gone.id).id)
        #expect(try await mail.mailer.sendDue() == 2)
        #expect(try mail.sink.messages().isEmpty)
        let rows = try await mail.test.database.run { connection in
            try connection.query("""
                SELECT address, status, attempts, last_error, next_attempt_at > now() + interval '30 seconds'
                  FROM email_messages ORDER BY address
                """).rows.map { row -> (String, String, Int, String, Bool) in
                (try row.decode(0), try row.decode(1), try row.decode(2), try row.decode(3), try row.decode(4))
            }
        }
        try #require(rows.count == 2)
        #expect(rows[0].0 == "busy@example.org" && rows[0].1 == "pending" && rows[0].2 == 1 && rows[0].4)
        #expect(rows[0].3.contains("451"), "\(rows[0].3)")
        #expect(rows[1].0 == "gone@example.org" && rows[1].1 == "failed" && rows[1].2 == 1)
        #expect(rows[1].3.contains("550"), "\(rows[1].3)")
        // Not due yet: nothing is claimed.
        #expect(try await mail.mailer.sendDue() == 0)
        #expect(mail.mailer.counts == Mailer.Counts(sent: 0, retried: 1, failed: 1, skipped: 0))
    }

    @Test func aRelayThatIsDownLeavesTheMessagePending() async throws {
        let mail = try await MailFixture.make()
        defer { Task { await mail.close() } }
        let parent = try await mail.post("Ann", "Question.", email: "ann@example.org", notify: true)
        try await mail.mailer.replyBecameVisible(commentID: try await mail.post("Bob", "Answer.", replyTo: parent.id).id)
        mail.sink.stop()
        #expect(try await mail.mailer.sendDue() == 1)
        #expect(try await mail.scalar("SELECT status FROM email_messages", as: String.self) == "pending")
        #expect(try await mail.scalar("SELECT last_error FROM email_messages", as: String.self)?.contains("msmtp exited with 75") == true)
    }

    /// A mailer of its own on the fixture's database, sending to `sink` (another server).
    static func mailer(for mail: MailFixture, sink: SMTPSink) async throws -> Mailer {
        let relay = SMTPRelay(host: "127.0.0.1", port: sink.port)
        let sender = MsmtpSender(relay: relay, executable: try #require(MsmtpSender.locate()), heloDomain: "news.example", timeout: 10)
        return try await Mailer.make(repository: mail.test.database.mail, sender: sender,
                                     settings: MailSettings(relay: relay, from: MailFixture.from, publicURL: MailFixture.publicURL),
                                     logger: Logger(label: "mail-test-2"))
    }

    @Test func aMessageHeldByARelayThatWasDownArrivesOnceItIsBack() async throws {
        let mail = try await MailFixture.make()
        defer { Task { await mail.close() } }
        let parent = try await mail.post("Ann", "Question.", email: "ann@example.org", notify: true)
        try await mail.mailer.replyBecameVisible(commentID: try await mail.post("Bob", "Answer.", replyTo: parent.id).id)
        mail.sink.stop()
        #expect(try await mail.mailer.sendDue() == 1)
        #expect(try await mail.scalar("SELECT status FROM email_messages", as: String.self) == "pending")
        // The relay is back (on another port: a new sink, and a mailer pointed at it); the pause is over.
        let back = try SMTPSink.start()
        defer { back.stop() }
        let later = try await Self.mailer(for: mail, sink: back)
        _ = try await mail.scalar("UPDATE email_messages SET next_attempt_at = now() RETURNING id", as: Int64.self)
        #expect(try await later.sendDue() == 1)
        let received = try await back.waitForMessages(1)
        #expect(received.count == 1 && received[0].rcptTos == ["ann@example.org"])
        #expect(try await mail.scalar("SELECT status || ' ' || attempts FROM email_messages", as: String.self) == "sent 2")
    }

    @Test func twoSendersAtOnceSendEachMessageOnce() async throws {
        let mail = try await MailFixture.make()
        defer { Task { await mail.close() } }
        for index in 0..<6 {
            let parent = try await mail.post("Reader \(index)", "Question \(index).", email: "r\(index)@example.org", notify: true)
            try await mail.mailer.replyBecameVisible(commentID: try await mail.post("Bob", "Answer \(index).", replyTo: parent.id).id)
        }
        let other = try await Self.mailer(for: mail, sink: mail.sink)
        let handled = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask { try await mail.mailer.sendDue() }
            group.addTask { try await other.sendDue() }
            return try await group.reduce(0, +)
        }
        #expect(handled == 6)
        let received = try await mail.sink.waitForMessages(6)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try mail.sink.messages().count == 6)
        #expect(Set(received.flatMap(\.rcptTos)) == Set((0..<6).map { "r\($0)@example.org" }))
        #expect(try await mail.scalar("SELECT count(*) FROM email_messages WHERE status = 'sent' AND attempts = 1", as: Int.self) == 6)
    }

    @Test func aMessageQueuedLongBeforeAnyoneSentItIsSkippedAsExpired() async throws {
        let mail = try await MailFixture.make()
        defer { Task { await mail.close() } }
        let parent = try await mail.post("Ann", "Question.", email: "ann@example.org", notify: true)
        let reply = try await mail.post("Bob", "Answer.", replyTo: parent.id)
        _ = try await mail.scalar("UPDATE email_messages SET created_at = now() - interval '2 days' RETURNING id", as: Int64.self)
        #expect(try await mail.mailer.sendDue() == 1)
        #expect(try await mail.scalar("SELECT status || ' ' || last_error FROM email_messages WHERE reason_key = 'reply:' || $1::int8",
                                      [reply.id], as: String.self) == "skipped expired")
        #expect(try mail.sink.messages().isEmpty)
    }
}
