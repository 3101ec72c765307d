import Foundation
import Logging
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport
import ParleyWebhooks

/// The outbox dispatcher against a real database and a real HTTP receiver that checks
/// signatures: order per article, retries through failures and timeouts, several dispatchers
/// sharing the work, 410, the retry window, redelivery.
@Suite(.serialized) struct DispatcherTests {
    /// Short timings, so failures and retries play out in seconds.
    static func settings() -> DispatcherSettings {
        var settings = DispatcherSettings()
        settings.pollInterval = .milliseconds(200)
        settings.requestTimeout = .milliseconds(500)
        settings.lease = .seconds(3)
        settings.retry = RetryPolicy(firstDelay: .milliseconds(50), longestDelay: .milliseconds(300), window: .seconds(120))
        return settings
    }

    /// For tests that count exact deliveries: a timeout no busy machine reaches, so no attempt
    /// the receiver accepted is taken for a failure and sent again (at least once allows that).
    static func patientSettings() -> DispatcherSettings {
        var settings = settings()
        settings.requestTimeout = .seconds(20)
        settings.lease = .seconds(30)
        return settings
    }

    /// A dispatcher on its own pool, woken by its own listener, as a server runs it.
    final class Running: Sendable {
        let dispatcher: OutboxDispatcher
        let database: PostgresDatabase
        let sender = HTTPWebhookSender()
        let listener: NotificationListener
        let task: Task<Void, Never>

        init(_ test: TestDatabase, settings: DispatcherSettings = DispatcherTests.settings(), label: String = "dispatcher") {
            database = PostgresDatabase(location: DatabaseLocation(conninfo: test.conninfo, source: .option), maximumConnections: 3,
                                        logger: Logger(label: label))
            let dispatcher = OutboxDispatcher(repository: database.outbox, sender: sender, settings: settings, logger: Logger(label: label))
            self.dispatcher = dispatcher
            listener = NotificationListener(conninfo: test.directConninfo, channel: PostgresOutboxRepository.channel,
                                            logger: Logger(label: label), onConnect: { dispatcher.wake() },
                                            onNotification: { _ in dispatcher.wake() })
            listener.start()
            task = Task { await dispatcher.run() }
        }

        func stop() async {
            task.cancel()
            await task.value
            listener.stop()
            await sender.shutdown()
            await database.shutdown()
        }
    }

    static func endpoint(_ test: TestDatabase, url: String, events: [OutboxEventType]? = [.commentCreated])
        async throws -> (WebhookEndpoint, WebhookSecret) {
        let secret = WebhookSecret.generate()
        return (try await test.database.outbox.addEndpoint(url: url, events: events, secret: secret, createdBy: "test"), secret)
    }

    /// Posts `count` comments, article after article in turn; returns their ids by article.
    @discardableResult
    static func post(_ test: TestDatabase, articles: [String], count: Int) async throws -> [String: [Int64]] {
        let discussion = test.discussion()
        var ids: [String: [Int64]] = [:]
        for index in 0..<count {
            let article = articles[index % articles.count]
            let posted = try await discussion.post(PostRequest(articleKey: article, authorName: "reader \(index % 7)",
                                                               body: "Comment \(index) on \(article)"))
            ids[article, default: []].append(posted.comment.id)
        }
        return ids
    }

    /// Per article, the comments in the order the receiver first accepted them.
    static func firstDeliveries(_ received: [WebhookReceiver.Received]) -> [String: [Int64]] {
        var seen = Set<String>()
        var order: [String: [Int64]] = [:]
        for message in received where message.succeeded && !seen.contains(message.id) {
            seen.insert(message.id)
            if let article = message.articleKey, let comment = message.commentID { order[article, default: []].append(comment) }
        }
        return order
    }

    static func statuses(_ test: TestDatabase) async throws -> [String: Int] {
        try await test.database.run { connection in
            var counts: [String: Int] = [:]
            for row in try connection.query("SELECT status, count(*)::int8 FROM webhook_deliveries GROUP BY status").rows {
                counts[try row.decode(0, as: String.self)] = try row.decode(1, as: Int.self)
            }
            return counts
        }
    }

    @Test func everyEventArrivesSignedOnceAndInOrderPerArticle() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        for key in ["alpha", "beta", "gamma"] { try await test.article(key) }
        let secret = WebhookSecret.generate()
        let signed = try await WebhookReceiver.start(key: secret.key)
        defer { Task { await signed.stop() } }
        _ = try await test.database.outbox.addEndpoint(url: signed.url, events: nil, secret: secret, createdBy: "test")
        let running = Running(test, settings: Self.patientSettings())
        let ids = try await Self.post(test, articles: ["alpha", "beta", "gamma"], count: 30)
        try await signed.wait("30 comments arrived") { received in received.filter { $0.succeeded && $0.type == "comment.created" }.count >= 30 }
        // The receiver has the last one before the dispatcher has its answer: stopping at once
        // would leave that delivery claimed (to be sent again later, rightly).
        let deadline = ContinuousClock.now + .seconds(30)
        while try await Self.statuses(test) != ["delivered": signed.received.count], ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        await running.stop()

        let received = signed.received
        #expect(received.allSatisfy { $0.signatureValid })
        #expect(received.allSatisfy { $0.succeeded })
        #expect(Set(received.map(\.id)).count == received.count, "each webhook-id once")
        #expect(Self.firstDeliveries(received) == ids)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(received[0].body)) as? [String: Any])
        #expect(Set(document.keys) == ["type", "timestamp", "data"])
        #expect(received[0].id.hasPrefix("msg_"))
        #expect(try await Self.statuses(test) == ["delivered": received.count])
        #expect(running.dispatcher.outcomes[.delivered] == received.count)
        let statistics = try await test.database.outbox.statistics()
        #expect(statistics.pendingDeliveries == 0 && statistics.waitingEvents == 0 && statistics.oldestUndeliveredAge == 0)
    }

    @Test func aReceiverThatFailsThenHangsThenRecoversGetsEverythingInOrder() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        for key in ["alpha", "beta"] { try await test.article(key) }
        let secret = WebhookSecret.generate()
        let receiver = try await WebhookReceiver.start(key: secret.key)
        defer { Task { await receiver.stop() } }
        _ = try await test.database.outbox.addEndpoint(url: receiver.url, events: [.commentCreated], secret: secret, createdBy: "test")
        // 500 for the first six requests, then three that outlast the sender's timeout, then 200.
        receiver.script { number, _ in
            if number < 6 { return .answer(500) }
            if number < 9 { return .pause(.seconds(4), then: 503) }
            return .answer(200)
        }
        let ids = try await Self.post(test, articles: ["alpha", "beta"], count: 20)
        var settings = Self.settings()
        settings.requestTimeout = .seconds(2)
        settings.lease = .seconds(5)
        let running = Running(test, settings: settings)
        try await receiver.wait("every comment was accepted", timeout: .seconds(90)) { received in
            Set(received.filter(\.succeeded).map(\.id)).count == 20
        }
        // The hung requests answered after their sender gave up; let them finish before judging.
        try await receiver.wait("the hung requests ended") { received in received.allSatisfy { $0.status != nil } }
        await running.stop()

        let received = receiver.received
        #expect(received.filter { $0.status == 500 }.count == 6)
        #expect(received.count > 20, "failed and timed-out attempts were tried again")
        #expect(received.allSatisfy { $0.signatureValid })
        #expect(Self.firstDeliveries(received) == ids, "in order per article")
        let accepted = received.filter(\.succeeded).map(\.id)
        #expect(Set(accepted).count == accepted.count, "no webhook-id is sent again once it was answered 2xx")
        #expect(try await Self.statuses(test) == ["delivered": 20])
        let outcomes = running.dispatcher.outcomes
        #expect(outcomes[.retry, default: 0] >= 9 && outcomes[.delivered] == 20)
    }

    @Test func aReceiverDownForAWhileGetsEveryEventAfterwardsInOrderAndOnce() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        for key in ["alpha", "beta", "gamma"] { try await test.article(key) }
        let secret = WebhookSecret.generate()
        // A receiver that was there, then went away: its port refuses connections.
        let before = try await WebhookReceiver.start(key: secret.key)
        let port = before.port
        await before.stop()
        _ = try await test.database.outbox.addEndpoint(url: "http://127.0.0.1:\(port)/hook", events: [.commentCreated],
                                                       secret: secret, createdBy: "test")
        let running = Running(test, settings: Self.patientSettings())
        let ids = try await Self.post(test, articles: ["alpha", "beta", "gamma"], count: 15)
        // Down for a while: attempts fail and back off.
        var retried = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while retried < 6 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            retried = running.dispatcher.outcomes[.retry, default: 0]
        }
        #expect(retried >= 6, "attempts to the absent receiver failed and were retried")
        #expect(running.dispatcher.outcomes[.delivered, default: 0] == 0)

        let receiver = try await WebhookReceiver.start(key: secret.key, port: port)
        defer { Task { await receiver.stop() } }
        try await receiver.wait("all 15 arrived once it was back", timeout: .seconds(60)) { $0.filter(\.succeeded).count >= 15 }
        try await Task.sleep(for: .milliseconds(500))
        await running.stop()

        let received = receiver.received
        #expect(received.allSatisfy { $0.signatureValid && $0.succeeded })
        #expect(received.count == 15, "each webhook-id at most once once it was answered 2xx")
        #expect(Set(received.map(\.id)).count == 15)
        #expect(Self.firstDeliveries(received) == ids, "in order per article")
        #expect(try await Self.statuses(test) == ["delivered": 15])
    }

    @Test func twoDispatchersShareTheOutboxWithoutSendingAnythingTwice() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let articles = (0..<30).map { "story-\($0)" }
        for key in articles { try await test.article(key) }
        let secret = WebhookSecret.generate()
        let receiver = try await WebhookReceiver.start(key: secret.key)
        defer { Task { await receiver.stop() } }
        receiver.script { _, _ in .pause(.milliseconds(5), then: 200) }
        _ = try await test.database.outbox.addEndpoint(url: receiver.url, events: nil, secret: secret, createdBy: "test")
        let ids = try await Self.post(test, articles: articles, count: 90)
        var settings = Self.patientSettings()
        settings.maximumRuns = 4
        settings.runLength = 2
        let first = Running(test, settings: settings, label: "first")
        let second = Running(test, settings: settings, label: "second")
        try await receiver.wait("all 90 arrived") { $0.filter(\.succeeded).count >= 90 }
        try await Task.sleep(for: .milliseconds(500))
        await first.stop()
        await second.stop()

        let received = receiver.received
        #expect(received.count == 90, "nothing sent twice")
        #expect(receiver.overlapping.isEmpty, "nothing sent by both at once")
        #expect(Self.firstDeliveries(received) == ids)
        let one = first.dispatcher.outcomes[.delivered, default: 0], two = second.dispatcher.outcomes[.delivered, default: 0]
        #expect(one + two == 90)
        #expect(one > 0 && two > 0, "both dispatchers took a share (\(one) and \(two))")
    }

    @Test func aReceiverThatAnswers410IsDisabledAndOthersGoOn() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let secret = WebhookSecret.generate()
        let receiver = try await WebhookReceiver.start(key: secret.key)
        defer { Task { await receiver.stop() } }
        let gone = try await test.database.outbox.addEndpoint(url: receiver.goneURL, events: nil, secret: secret, createdBy: "test")
        _ = try await test.database.outbox.addEndpoint(url: receiver.url, events: nil, secret: secret, createdBy: "test")
        try await Self.post(test, articles: ["story"], count: 5)
        let running = Running(test, settings: Self.patientSettings())
        try await receiver.wait("the live endpoint got all five") { $0.filter { $0.succeeded && !$0.gone }.count == 5 }
        try await Task.sleep(for: .milliseconds(300))
        await running.stop()
        #expect(receiver.received.filter(\.gone).count == 1, "one 410 is enough")
        let endpoint = try #require(try await test.database.outbox.endpoint(id: gone.id))
        #expect(endpoint.disabledAt != nil && endpoint.disabledReason?.contains("410") == true)
        let failed = try await test.database.outbox.deliveries(failedOnly: true, endpoint: gone.id, limit: 10)
        #expect(failed.count == 5)
        #expect(running.dispatcher.outcomes[.gone] == 1)
        // New events no longer go to it.
        try await Self.post(test, articles: ["story"], count: 1)
        _ = try await test.database.outbox.fanOut(limit: 100)
        #expect(try await test.database.outbox.deliveries(failedOnly: false, endpoint: gone.id, limit: 10).count == 5)
    }

    @Test func aDeliveryRetriedPastItsWindowFailsAndRedeliverySendsItAgain() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let secret = WebhookSecret.generate()
        let receiver = try await WebhookReceiver.start(key: secret.key)
        defer { Task { await receiver.stop() } }
        receiver.script { _, _ in .answer(503) }
        _ = try await test.database.outbox.addEndpoint(url: receiver.url, events: nil, secret: secret, createdBy: "test")
        try await Self.post(test, articles: ["story"], count: 2)
        var settings = Self.settings()
        settings.retry.window = .seconds(1)
        let running = Running(test, settings: settings)
        var failed: [WebhookDelivery] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while failed.count < 2 && ContinuousClock.now < deadline {
            failed = try await test.database.outbox.deliveries(failedOnly: true, endpoint: nil, limit: 10)
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(failed.count == 2, "both failed for good once the window was over")
        #expect(failed.allSatisfy { $0.attempts >= 2 && $0.lastStatus == 503 })
        let attemptsBefore = receiver.received.count
        #expect(receiver.received.allSatisfy { !$0.succeeded })

        receiver.script { _, _ in .answer(204) }
        let again = try await test.database.outbox.redeliver(id: failed[1].id)
        #expect(again.status == .pending)
        try await receiver.wait("the redelivered event arrived") { $0.contains(where: \.succeeded) }
        await running.stop()
        let accepted = receiver.received.filter(\.succeeded)
        #expect(accepted.map(\.id) == [WebhookMessage.id(event: failed[1].eventID)], "the same webhook-id as before")
        #expect(receiver.received.count == attemptsBefore + 1)
        await #expect(throws: ParleyError.self) { _ = try await test.database.outbox.redeliver(id: 999_999) }
    }
}
