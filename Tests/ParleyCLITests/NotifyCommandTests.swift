import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// `parley notify moderators add|list|remove` and `parley post --notify` against a real database.
@Suite struct NotifyCommandTests {
    @Test func theModeratorListThroughTheCommandLine() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let cli = try CLIRunner(environment: ["DATABASE_URL": test.conninfo, "COLUMNS": "120", "PARLEY_MODERATOR": "alice"])
        var outcome = try cli.run(["notify", "moderators", "list"])
        #expect(outcome.status == 0 && outcome.stdout.contains("No moderator gets alerts"))
        outcome = try cli.run(["notify", "moderators", "add", "desk@news.example"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("desk@news.example gets moderator alerts."))
        outcome = try cli.run(["notify", "moderators", "add", "night@news.example"])
        outcome = try cli.run(["notify", "moderators", "list"])
        #expect(outcome.stdout.contains("desk@news.example") && outcome.stdout.contains("night@news.example") && outcome.stdout.contains("alice"))
        outcome = try cli.run(["notify", "moderators", "list", "--json"])
        let listed = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]]
        #expect(listed?.compactMap { $0["email"] as? String } == ["desk@news.example", "night@news.example"])
        outcome = try cli.run(["notify", "moderators", "remove", "night@news.example"])
        #expect(outcome.status == 0 && outcome.stdout.contains("gets no more"))
        outcome = try cli.run(["notify", "moderators", "remove", "night@news.example"])
        #expect(outcome.status == 1 && outcome.stderr.contains("not on the moderator list"))
        outcome = try cli.run(["notify", "moderators", "add", "not-an-address"])
        #expect(outcome.status == 1 && outcome.stderr.contains("not an email address"))
        #expect(try await test.database.mail.moderators().map(\.address) == ["desk@news.example"])
    }

    @Test func postWithNotifyStoresTheSubscription() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await test.article("story")
        let cli = try CLIRunner(environment: ["DATABASE_URL": test.conninfo])
        var outcome = try cli.run(["post", "story", "--author", "Ann", "--notify", "Tell me."])
        #expect(outcome.status == 1 && outcome.stderr.contains("need an email address"))
        outcome = try cli.run(["post", "story", "--author", "Ann", "--email", "ann@example.org", "--notify", "Tell me."])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let address = try await test.database.run { connection in
            try connection.query("SELECT address FROM reply_subscriptions").first?.decode(0, as: String.self)
        }
        #expect(address == "ann@example.org")
    }
}

/// `parley serve` without PARLEY_SMTP_URL sends nothing and says so once, at start.
@Suite struct ServeWithoutMailTests {
    @Test func withoutARelayServeSaysOnceThatEmailIsOff() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("parley-serve-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CLIRunner.locate())
        process.arguments = ["serve", "--database", test.conninfo, "--port", String(Int.random(in: 20_000...40_000))]
        var environment = ProcessInfo.processInfo.environment
        environment["PARLEY_SMTP_URL"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // The child inherits a signal mask that may block SIGTERM: end it with SIGKILL.
        defer { kill(process.processIdentifier, SIGKILL) }
        let deadline = ContinuousClock.now + .seconds(30)
        var text = ""
        while ContinuousClock.now < deadline {
            text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains("email is off") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .seconds(3))  // the mail loop would have run by now
        text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(text.components(separatedBy: "email is off").count == 2, "\(text)")
        #expect(text.contains("PARLEY_SMTP_URL is not set"))
        #expect(!text.contains("email is on"))
        #expect(try await test.database.run { connection in
            try connection.query("SELECT count(*) FROM email_messages WHERE status = 'sent'").first?.decode(0, as: Int.self)
        } == 0)
    }
}
