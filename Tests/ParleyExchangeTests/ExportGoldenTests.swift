import Foundation
import Testing
import ParleyCore
import ParleyExchange
import ParleyPostgres
import ParleyTestSupport

/// Every format on the small discussion, byte for byte against Golden/.
@Suite struct ExportGoldenTests {
    func export(_ format: ExportFormat, selection: ExportSelection = .readers, keys: [String]? = nil) async throws -> String {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await SmallDiscussion.seed(test)
        let sink = MemorySink()
        try await Exporter(repository: test.database.exchange).export(keys: keys, format: format, selection: selection, to: sink)
        return sink.text
    }

    @Test(arguments: [ExportFormat.json, .jsonl, .csv, .markdown, .html])
    func readersView(format: ExportFormat) async throws {
        try GoldenFile.check(try await export(format), against: "readers.\(format.fileExtension)")
    }

    @Test(arguments: [ExportFormat.jsonl, .csv, .html])
    func moderatorsView(format: ExportFormat) async throws {
        let text = try await export(format, selection: .states(Set(CommentState.allCases)))
        try GoldenFile.check(text, against: "moderators.\(format.fileExtension)")
    }

    @Test func readersNeverSeeHiddenTextOrTombstoneAuthors() async throws {
        let text = try await export(.jsonl)
        #expect(!text.contains("paid shills"))
        #expect(!text.contains("Mallory"))
        #expect(!text.contains("<script>"))
        let tombstone = try #require(text.split(separator: "\n").first { $0.contains(#""id":5,"#) })
        #expect(tombstone.contains(#""author":null,"body":null"#))
        #expect(tombstone.contains(#""deleted":true"#))
    }

    @Test func jsonNestsRepliesUnderParentsAndListsQuietArticles() async throws {
        let text = try await export(.json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let articles = try #require(document["articles"] as? [[String: Any]])
        #expect(articles.map { $0["key"] as? String } == ["atacms-1000-days", "quiet-story"])
        #expect((articles[1]["comments"] as? [Any])?.isEmpty == true)
        let roots = try #require(articles[0]["comments"] as? [[String: Any]])
        #expect(roots.count == 5)
        let firstReplies = try #require(roots[0]["replies"] as? [[String: Any]])
        let nested = try #require(firstReplies.first?["replies"] as? [[String: Any]])
        #expect((nested.first?["body"] as? String)?.hasPrefix("مرحبا") == true)
    }

    @Test func csvQuotesEverythingAndDefusesFormulas() async throws {
        let text = try await export(.csv)
        #expect(text.hasPrefix("id,article,parent_id,depth,author,created_at,edited_at,score,upvotes,downvotes,deleted,body\r\n"))
        #expect(text.contains(#""'=HYPERLINK(""http://evil.example"",""click""), +1, -2, @SUM(A1)""#))
        #expect(text.contains("\"First line\nsecond line\n\nA new paragraph"))
        // Every record ends in CRLF; a bare LF appears only inside quoted bodies.
        #expect(text.hasSuffix("\r\n"))
    }

    @Test func htmlEscapesEveryUserStringAndForbidsScripts() async throws {
        let text = try await export(.html, selection: .states(Set(CommentState.allCases)))
        #expect(text.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        #expect(!text.contains("<script>"))
        #expect(!text.contains("<img"))
        #expect(text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(text.contains("&lt;b&gt;analysis&lt;/b&gt; &amp; reactions"))
        #expect(!text.contains("<script"))
    }

    @Test func unknownArticleIsRefusedBeforeAnythingIsWritten() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await SmallDiscussion.seed(test)
        let sink = MemorySink()
        await #expect(throws: ParleyError.articleNotFound("nope")) {
            try await Exporter(repository: test.database.exchange).export(
                keys: ["atacms-1000-days", "nope"], format: .jsonl, selection: .readers, to: sink)
        }
        #expect(sink.bytes.isEmpty)
    }

    @Test func oneArticleOnly() async throws {
        let text = try await export(.jsonl, keys: ["quiet-story"])
        #expect(text.isEmpty)
        let markdown = try await export(.markdown, keys: ["quiet-story"])
        #expect(markdown.contains("# A story nobody commented on"))
        #expect(!markdown.contains("Olena"))
    }

    @Test func statesPickExactlyThoseStates() async throws {
        let text = try await export(.jsonl, selection: try ExportSelection.parse(["rejected"]))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("paid shills") == true)
        #expect(throws: ParleyError.self) { try ExportSelection.parse(["hidden"]) }
    }
}
