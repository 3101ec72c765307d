import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// `parley sso add|list|remove` and `articles set --sign-in` against a real database.
@Suite struct SSOCommandTests {
    func cli() async throws -> (CLIRunner, TestDatabase, URL) {
        let test = try await TestDatabase.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-sso-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try CLIRunner(environment: ["DATABASE_URL": test.conninfo, "COLUMNS": "120"]), test, folder)
    }

    func write(_ folder: URL, _ name: String, _ bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func addListRemoveKeys() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() }; try? FileManager.default.removeItem(at: folder) }
        let secret = "s3cret-" + UUID().uuidString + "-shared-with-the-newsroom"
        let secretFile = try write(folder, "secret", Array((secret + "\n").utf8))
        var outcome = try cli.run(["sso", "add", "site", "--secret-file", secretFile, "--audience", "comments"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("HS256"))
        let rsa = try await TestSigner.rs256(), ec = try await TestSigner.es256()
        outcome = try cli.run(["sso", "add", "site", "--public-key-file", try write(folder, "rsa.pem", rsa.material)])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("RS256") && outcome.stdout.contains("2 keys"))
        outcome = try cli.run(["sso", "add", "partner", "--public-key-file", try write(folder, "ec.pem", ec.material)])
        #expect(outcome.stdout.contains("ES256"))

        outcome = try cli.run(["sso", "list"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("site") && outcome.stdout.contains("partner") && outcome.stdout.contains("comments"))
        #expect(!outcome.stdout.contains(secret) && !outcome.stdout.contains("s3cret"), "the secret is never shown")
        outcome = try cli.run(["sso", "list", "--json"])
        #expect(!outcome.stdout.contains("s3cret") && !outcome.stdout.contains("BEGIN"))
        let listed = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]]
        #expect(listed?.compactMap { $0["algorithm"] as? String } == ["HS256", "RS256", "ES256"])

        // The stored secret is the file's bytes without the final newline: it verifies.
        let keys = try await test.database.signInKeys.active()
        #expect(keys.first?.material == Array(secret.utf8))

        // Bad input: one sentence, non-zero exit, nothing stored.
        let bad: [[String]] = [
            ["sso", "add", "site", "--public-key-file", try write(folder, "junk.pem", Array("hello".utf8))],
            ["sso", "add", "site", "--public-key-file", try write(folder, "private.pem", Array("-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----\n".utf8))],
            ["sso", "add", "site", "--secret-file", try write(folder, "short", Array("short\n".utf8))],
            ["sso", "add", "site", "--secret-file", folder.appendingPathComponent("missing").path],
            ["sso", "add", "bad name", "--secret-file", secretFile],
            ["sso", "add", "site", "--secret-file", secretFile],
        ]
        for arguments in bad {
            outcome = try cli.run(arguments)
            #expect(outcome.status == 1, "\(arguments)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
        }
        #expect(try cli.run(["sso", "add", "site"]).status == 2, "a key file is required")
        #expect(try cli.run(["sso", "add", "site", "--secret-file", secretFile, "--public-key-file", secretFile]).status == 2)
        #expect(try await test.database.signInKeys.active().count == 3)

        let rsaID = try #require(keys.first { $0.algorithm == .rs256 }?.id)
        outcome = try cli.run(["sso", "remove", "site", "--key", String(rsaID)])
        #expect(outcome.status == 0 && outcome.stdout.contains("1 key"))
        outcome = try cli.run(["sso", "remove", "site"])
        #expect(outcome.status == 0)
        outcome = try cli.run(["sso", "remove", "site"])
        #expect(outcome.status == 1 && outcome.stderr.contains("no active sign-in key"))
        #expect(try await test.database.signInKeys.active().map(\.name) == ["partner"])
    }

    @Test func articlesSetSignIn() async throws {
        let (cli, test, folder) = try await cli()
        defer { Task { await test.close() }; try? FileManager.default.removeItem(at: folder) }
        try await test.article("story")
        var outcome = try cli.run(["articles", "set", "story", "--sign-in", "required"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("sign-in required"))
        outcome = try cli.run(["articles", "show", "story", "--json"])
        let shown = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(shown?["sign_in"] as? String == "required")
        outcome = try cli.run(["post", "story", "--author", "Ann", "Anonymous"])
        #expect(outcome.status != 0 && outcome.stderr.contains("Sign in"))
        #expect(try cli.run(["articles", "set", "story", "--sign-in", "sometimes"]).status == 2)
        #expect(try cli.run(["articles", "set", "story", "--sign-in", "optional"]).status == 0)
        #expect(try await test.database.articles.find(key: "story")?.signIn == .optional)
    }
}
