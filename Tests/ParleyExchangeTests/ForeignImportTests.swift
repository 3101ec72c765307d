import Foundation
import Testing
import ParleyCore
import ParleyExchange
import ParleyModeration
import ParleyPostgres
import ParleyTestSupport

/// Imports from other systems into a real database: what is added, that nothing is added
/// twice, that times and threads survive, and that bad files store nothing.
@Suite struct ForeignImportTests {
    func importer(_ test: TestDatabase, rules: Bool = false) -> Importer {
        Importer(repository: test.database.exchange,
                 moderation: rules ? RulesEngine(ruleset: DefaultRuleset.compiled, version: nil) : nil)
    }

    func count(_ test: TestDatabase, _ sql: String) throws -> Int {
        let connection = try test.connection()
        defer { connection.close() }
        return try connection.query(sql).first!.decode(0, as: Int.self)
    }

    @Test func disqusImportKeepsThreadsTimesAndAuthorsAndIsIdempotent() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let path = ImporterFixtures.path("disqus.xml")
        let first = try await importer(test).importFile(path, format: .disqus)
        #expect(first.articlesAdded == 3)
        #expect(first.commentsAdded == 12)
        #expect(first.orphansRooted == 1, "90010 replies to a post that is not in the file")
        #expect(first.authorsAdded > 0)

        let second = try await importer(test).importFile(path, format: .disqus)
        #expect(second.articlesAdded == 0 && second.commentsAdded == 0 && second.authorsAdded == 0)
        #expect(second.commentsSkipped == 12)
        #expect(try count(test, "SELECT count(*) FROM comments") == 12)

        let connection = try test.connection()
        defer { connection.close() }
        let row = try #require(try connection.query("""
            SELECT c.created_at, c.ip::text, p.source_id, c.author_name FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
             WHERE c.source = 'disqus' AND c.source_id = '90002'
            """).first)
        #expect(try row.decode(0, as: Date.self) == ImporterFixtures.utc("2024-11-19T07:15:09Z"))
        #expect(try row.optional(2, as: String.self) == "90001", "the reply hangs under its parent")
        let times = try connection.query("SELECT count(*) FROM comments WHERE created_at > now() - interval '1 day'").first!.decode(0, as: Int.self)
        #expect(times == 0, "every comment keeps its original time")
        let events = try connection.query("SELECT count(*) FROM moderation_events WHERE kind = 'import'").first!.decode(0, as: Int.self)
        #expect(events == 1, "one log entry for the import that added something")
    }

    @Test func aLaterFileAttachesRepliesToCommentsImportedBefore() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let early = try ImporterFixtures.temporaryFile("early.xml", contents: DisqusDocument.make(posts: [
            ("501", nil, "The first word.", "2024-11-19T10:00:00Z"),
        ]))
        let later = try ImporterFixtures.temporaryFile("later.xml", contents: DisqusDocument.make(posts: [
            ("501", nil, "The first word.", "2024-11-19T10:00:00Z"),
            ("502", "501", "A reply that came a day later.", "2024-11-20T10:00:00Z"),
            ("503", "404", "A reply to something Disqus lost.", "2024-11-20T11:00:00Z"),
        ]))
        _ = try await importer(test).importFile(early, format: .disqus)
        let summary = try await importer(test).importFile(later, format: .disqus)
        #expect(summary.commentsAdded == 2 && summary.commentsSkipped == 1 && summary.orphansRooted == 1)
        let page = try await test.discussion().thread(ThreadRequest(articleKey: "story-1"))
        #expect(page.threads.count == 2)
        #expect(page.threads.first?.replies.first?.comment.body == "A reply that came a day later.")
    }

    @Test func authorsAreCountedAsIfTheirCommentsCameOneByOne() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        func post(_ id: String, _ at: String, spam: Bool = false, email: String? = nil) -> String {
            """
              <post dsq:id="\(id)">
                <message><![CDATA[<p>Comment \(id) by the same reader.</p>]]></message>
                <createdAt>\(at)</createdAt>
                <isDeleted>false</isDeleted>
                <isSpam>\(spam)</isSpam>
                <author>\(email.map { "<email>\($0)</email>" } ?? "")<name>Olena K.</name><isAnonymous>false</isAnonymous></author>
                <thread dsq:id="1"/>
              </post>

            """
        }
        func document(_ posts: [String]) -> String {
            """
            <?xml version="1.0" encoding="utf-8"?>
            <disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
              <thread dsq:id="1"><id>story-1</id><link>https://news.example/story-1</link><title>Story one</title></thread>

            """ + posts.joined() + "</disqus>\n"
        }
        let first = try ImporterFixtures.temporaryFile("first.xml", contents: document([
            post("701", "2024-11-19T10:00:00Z"),
            post("702", "2024-11-19T11:00:00Z", email: "olena@example.org"),
            post("703", "2024-11-19T12:00:00Z", spam: true, email: "other@example.org"),
        ]))
        let second = try ImporterFixtures.temporaryFile("second.xml", contents: document([
            post("703", "2024-11-19T12:00:00Z", spam: true),
            post("704", "2024-11-18T09:00:00Z"),
        ]))
        #expect(try await importer(test).importFile(first, format: .disqus).authorsAdded == 1)
        #expect(try await importer(test).importFile(second, format: .disqus).authorsAdded == 0)

        let connection = try test.connection()
        defer { connection.close() }
        let author = try #require(try connection.query("""
            SELECT comment_count, approved_count, spam_count, email, first_seen_at, last_seen_at
              FROM authors WHERE name = 'Olena K.'
            """).first)
        #expect(try author.decode(0, as: Int.self) == 4)
        #expect(try author.decode(1, as: Int.self) == 3)
        #expect(try author.decode(2, as: Int.self) == 1)
        #expect(try author.optional(3, as: String.self) == "olena@example.org", "the first email given is kept")
        #expect(try author.decode(4, as: Date.self) == ImporterFixtures.utc("2024-11-18T09:00:00Z"))
        #expect(try author.decode(5, as: Date.self) == ImporterFixtures.utc("2024-11-19T12:00:00Z"))
        let linked = try connection.query("""
            SELECT count(*) FROM comments c JOIN authors a ON a.id = c.author_id WHERE a.name = 'Olena K.'
            """).first!.decode(0, as: Int.self)
        #expect(linked == 4)
    }

    @Test func moderateKeepsTheStricterOfTheOriginalAndTheRules() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let path = try ImporterFixtures.temporaryFile("rude.xml", contents: DisqusDocument.make(posts: [
            ("601", nil, "Only an idiot would believe this.", "2024-11-19T10:00:00Z"),
            ("602", nil, "A calm and reasonable remark.", "2024-11-19T10:05:00Z"),
        ]))
        let plain = try await TestDatabase.make()
        defer { Task { await plain.close() } }
        _ = try await importer(plain).importFile(path, format: .disqus)
        #expect(try count(plain, "SELECT count(*) FROM comments WHERE state = 'published'") == 2, "rules are off by default")

        _ = try await importer(test, rules: true).importFile(path, format: .disqus, moderate: true)
        let connection = try test.connection()
        defer { connection.close() }
        let rows = try connection.query("SELECT source_id, state, moderation::text FROM comments ORDER BY source_id").rows
        #expect(try rows[0].decode(1, as: String.self) != "published")
        #expect(try rows[0].decode(2, as: String.self).contains(#""imported_from": "disqus""#))
        #expect(try rows[0].decode(2, as: String.self).contains("insult"))
        #expect(try rows[1].decode(1, as: String.self) == "published")
    }

    @Test func dryRunReportsAndStoresNothing() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let summary = try await importer(test).importFile(ImporterFixtures.path("wordpress.xml"), format: .wordpress, dryRun: true)
        #expect(summary.commentsAdded == 10)
        #expect(summary.articlesAdded == 3)
        #expect(try count(test, "SELECT count(*) FROM comments") == 0)
        #expect(try count(test, "SELECT count(*) FROM articles") == 0)
    }

    @Test func wordpressAndIssoImportIntoTheSameDatabaseSideBySide() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let wordpress = try await importer(test).importFile(ImporterFixtures.path("wordpress.xml"), format: .wordpress)
        let isso = try await importer(test).importFile(ImporterFixtures.path("isso.db"), format: .isso)
        #expect(wordpress.commentsAdded == 10)
        #expect(isso.commentsAdded == 9)
        let again = try await importer(test).importFile(ImporterFixtures.path("isso.db"), format: .isso)
        #expect(again.commentsAdded == 0 && again.commentsSkipped == 9)
        #expect(try count(test, "SELECT count(*) FROM comments") == 19)
    }

    @Test(arguments: [("disqus-malformed.xml", ImportFormat.disqus), ("wordpress-malformed.xml", .wordpress),
                      ("wordpress-bad-date.xml", .wordpress), ("not-sqlite.db", .isso), ("not-isso.db", .isso)])
    func malformedFilesStoreNothing(file: String, format: ImportFormat) async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        await #expect {
            _ = try await importer(test).importFile(ImporterFixtures.path(file), format: format)
        } throws: { error in
            let error = error as? ParleyError
            return error?.code == "import_invalid" && error?.message.contains("nothing was stored") == true
        }
        #expect(try count(test, "SELECT count(*) FROM articles") == 0)
    }

    @Test func aParleyArchiveIsNeverModerated() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        await #expect(throws: ParleyError.self) {
            _ = try await importer(test, rules: true).importFile(ImporterFixtures.path("disqus.xml"), format: .parley, moderate: true)
        }
    }
}

/// A minimal Disqus export with one thread, written the way Disqus documents it.
enum DisqusDocument {
    static func make(posts: [(id: String, parent: String?, text: String, at: String)]) -> String {
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
              <thread dsq:id="1">
                <id>story-1</id>
                <link>https://news.example/story-1</link>
                <title>Story one</title>
                <createdAt>2024-11-19T09:00:00Z</createdAt>
              </thread>

            """
        for post in posts {
            xml += """
                  <post dsq:id="\(post.id)">
                    <message><![CDATA[<p>\(post.text)</p>]]></message>
                    <createdAt>\(post.at)</createdAt>
                    <isDeleted>false</isDeleted>
                    <isSpam>false</isSpam>
                    <author><name>Reader \(post.id)</name><isAnonymous>true</isAnonymous></author>
                    <thread dsq:id="1"/>
                \(post.parent.map { "    <parent dsq:id=\"\($0)\"/>\n" } ?? "")  </post>

                """
        }
        return xml + "</disqus>\n"
    }
}
