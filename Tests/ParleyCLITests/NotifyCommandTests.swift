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
