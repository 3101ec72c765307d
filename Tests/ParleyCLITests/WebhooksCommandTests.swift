import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// `parley webhooks ...` and `parley dispatch` against a real database and a real receiver.
@Suite struct WebhooksCommandTests {
    func cli() async throws -> (CLIRunner, TestDatabase, URL) {
        let test = try await TestDatabase.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-webhooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try CLIRunner(environment: ["DATABASE_URL": test.conninfo, "COLUMNS": "200"]), test, folder)
    }

    @Test func addListTestRemoveAndRefusals() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() }; try? FileManager.default.removeItem(at: folder) }

        // A secret parley makes is printed once, and only then.
        var outcome = try cli.run(["webhooks", "add", "http://127.0.0.1:9/hook"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let made = try #require(outcome.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix("whsec_") })
        let generated = try WebhookSecret(parsing: made)
        #expect(generated.key.count == 32)
        #expect(outcome.stdout.contains("every type"))

        let secret = WebhookSecret.generate()
        let secretFile = folder.appendingPathComponent("secret").path
        try Data((secret.text + "\n").utf8).write(to: URL(fileURLWithPath: secretFile))
        let receiver = try await WebhookReceiver.start(key: secret.key)
        defer { Task { await receiver.stop() } }
        outcome = try cli.run(["webhooks", "add", receiver.url, "--event", "comment.held", "--event", "comment.reported",
                               "--secret-file", secretFile])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("whsec_"), "a secret from a file is not printed")

        outcome = try cli.run(["webhooks", "list"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains(receiver.url) && outcome.stdout.contains("comment.held,comment.reported"))
        outcome = try cli.run(["webhooks", "list", "--json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        #expect(listed.count == 2)
        #expect(listed[1]["events"] as? [String] == ["comment.held", "comment.reported"])
        for text in [try cli.run(["webhooks", "list"]).stdout, outcome.stdout, try cli.run(["webhooks", "list", "--jsonl"]).stdout] {
            #expect(!text.contains("whsec_") && !text.contains(made.dropFirst(6)) && !text.contains(secret.text.dropFirst(6)),
                    "list never shows a secret")
        }

        // A signed ping, checked by the receiver with the secret from the file.
        let id = try #require(listed[1]["id"] as? Int)
        // A long timeout: the whole suite runs in parallel on a busy machine, and this receiver lives in the test process.
        outcome = try cli.run(["webhooks", "test", String(id), "--timeout", "60"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("answered 200"))
        let ping = try #require(receiver.received.last)
        #expect(ping.signatureValid && ping.type == "webhook.ping")
        receiver.script { _, _ in .answer(500) }
        outcome = try cli.run(["webhooks", "test", String(id), "--timeout", "60"])
        #expect(outcome.status == 1 && outcome.stderr.contains("answered 500"))
        outcome = try cli.run(["webhooks", "test", "1", "--timeout", "2"])
        #expect(outcome.status == 1 && outcome.stderr.contains("did not answer"), "nothing listens on port 9: \(outcome.stderr)")

        // Bad input: one sentence on stderr, a non-zero exit, nothing stored.
        let bad: [[String]] = [
            ["webhooks", "add", "ftp://example.org/x"],
            ["webhooks", "add", "not a url"],
            ["webhooks", "add", receiver.url, "--event", "comment.exploded"],
            ["webhooks", "add", receiver.url, "--secret-file", folder.appendingPathComponent("missing").path],
            ["webhooks", "add", receiver.url, "--secret-file", try write(folder, "bad", "whsec_***")],
            ["webhooks", "add", receiver.url, "--secret-file", try write(folder, "short", "whsec_AAAA")],
            ["webhooks", "remove", "77"],
            ["webhooks", "remove", "x"],
            ["webhooks", "test", "77"],
            ["webhooks", "redeliver", "77"],
            ["webhooks", "deliveries", "--limit", "0"],
        ]
        for arguments in bad {
            outcome = try cli.run(arguments)
            #expect(outcome.status != 0, "\(arguments) should fail")
            let lines = outcome.stderr.split(separator: "\n")
            #expect(lines.count == 1 && outcome.stderr.hasPrefix("parley: "), "\(arguments): \(outcome.stderr)")
        }
        #expect(try await test.database.outbox.endpoints().count == 2)

        outcome = try cli.run(["webhooks", "remove", String(id)])
        #expect(outcome.status == 0 && outcome.stdout.contains("Removed webhook endpoint \(id)"))
        #expect(try await test.database.outbox.endpoints().count == 1)
        outcome = try cli.run(["webhooks", "deliveries"])
        #expect(outcome.status == 0 && outcome.stdout.contains("No webhook deliveries"))
    }

    func write(_ folder: URL, _ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A `parley dispatch` process, its output in files.
    final class Background: @unchecked Sendable {
        let process = Process()
        let log: URL

        init(_ cli: CLIRunner, _ arguments: [String], environment: [String: String], folder: URL) throws {
            log = folder.appendingPathComponent("dispatch-\(UUID().uuidString).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: cli.executable)
            process.arguments = arguments
            process.environment = cli.environment.merging(environment) { _, new in new }
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = try FileHandle(forWritingTo: log)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        /// The exit status, or nil if it is still running after `timeout`.
        func exit(within timeout: Duration) async throws -> Int32? {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                if ContinuousClock.now > deadline { return nil }
                try await Task.sleep(for: .milliseconds(20))
            }
            return process.terminationStatus
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    @Test func aDispatcherKilledMidDeliveryLosesNothing() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() }; try? FileManager.default.removeItem(at: folder) }
        for key in ["alpha", "beta"] { try await test.article(key) }
        let secret = WebhookSecret.generate()
        let receiver = try await WebhookReceiver.start(key: secret.key)
        defer { Task { await receiver.stop() } }
        // Slow answers, so the kill finds deliveries under way.
        receiver.script { _, _ in .pause(.milliseconds(300), then: 200) }
        _ = try await test.database.outbox.addEndpoint(url: receiver.url, events: [.commentCreated], secret: secret, createdBy: "test")
        let ids = try await Self.post(test, count: 16)
        let environment = ["PARLEY_WEBHOOK_TIMEOUT": "2", "PARLEY_WEBHOOK_LEASE": "4", "PARLEY_WEBHOOK_POLL": "0.2",
                           "PARLEY_LISTEN_DATABASE_URL": test.directConninfo]

        let first = try Background(cli, ["dispatch"], environment: environment, folder: folder)
        try await receiver.wait("the first dispatcher is sending") { $0.count >= 3 }
        first.signal(SIGKILL)
        #expect(try await first.exit(within: .seconds(10)) != nil)
        let unanswered = receiver.received.filter { $0.status == nil }.count
        #expect(unanswered > 0 || receiver.received.count < 16, "the kill came mid-delivery")

        let second = try Background(cli, ["dispatch"], environment: environment, folder: folder)
        try await receiver.wait("every comment arrived", timeout: .seconds(60)) { received in
            Set(received.filter(\.succeeded).map(\.id)).count == 16
        }
        // What the killed one held (and may have sent already) falls due again when its lease
        // ends: wait until the second has recorded everything as delivered.
        let deadline = ContinuousClock.now + .seconds(60)
        while try await test.database.outbox.statistics().pendingDeliveries > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        second.signal(SIGTERM)
        let status = try await second.exit(within: .seconds(15))
        #expect(status == 0, "parley dispatch stops cleanly on SIGTERM: \(second.output)")
        #expect(second.output.contains("parley dispatching webhooks"))

        let received = receiver.received
        #expect(received.allSatisfy { $0.signatureValid })
        var seen = Set<String>()
        var order: [String: [Int64]] = [:]
        for message in received where message.succeeded && seen.insert(message.id).inserted {
            order[message.articleKey ?? "", default: []].append(message.commentID ?? 0)
        }
        #expect(order == ids, "every event, in order per article")
        let statistics = try await test.database.outbox.statistics()
        #expect(statistics.pendingDeliveries == 0)
    }

    static func post(_ test: TestDatabase, count: Int) async throws -> [String: [Int64]] {
        let discussion = test.discussion()
        var ids: [String: [Int64]] = [:]
        for index in 0..<count {
            let article = index % 2 == 0 ? "alpha" : "beta"
            ids[article, default: []].append(try await discussion.post(
                PostRequest(articleKey: article, authorName: "reader", body: "Comment \(index)")).comment.id)
        }
        return ids
    }
}
