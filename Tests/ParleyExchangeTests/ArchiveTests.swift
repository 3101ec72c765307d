import Foundation
import Testing
import ParleyCore
import ParleyExchange
import ParleyPostgres
import ParleyTestSupport

/// The parley archive: lossless round trips, idempotent re-imports, and refusals that
/// leave the database as it was.
@Suite struct ArchiveTests {
    func archive(_ test: TestDatabase, keys: [String]? = nil) async throws -> String {
        let sink = MemorySink()
        try await Exporter(repository: test.database.exchange).export(keys: keys, format: .parley, selection: .readers, to: sink)
        return sink.text
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString).jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func importArchive(_ test: TestDatabase, _ path: String, dryRun: Bool = false) async throws -> ImportSummary {
        try await Importer(repository: test.database.exchange).importFile(path, format: .parley, dryRun: dryRun)
    }

    func count(_ test: TestDatabase, _ table: String) throws -> Int {
        let connection = try test.connection()
        defer { connection.close() }
        return try connection.query("SELECT count(*) FROM \(table)").first!.decode(0, as: Int.self)
    }

    @Test func exportImportExportIsByteIdentical() async throws {
        let source = try await TestDatabase.make()
        let target = try await TestDatabase.make()
        defer { Task { await source.close(); await target.close() } }
        try await SmallDiscussion.seed(source)
        let first = try await archive(source)
        let path = try write(first)
        let summary = try await importArchive(target, path)
        #expect(summary.articlesAdded == 2)
        #expect(summary.commentsAdded == 9)
        #expect(summary.otherRecordsAdded > 0)
        let second = try await archive(target)
        #expect(second == first)

        let again = try await importArchive(target, path)
        #expect(again.articlesAdded == 0 && again.authorsAdded == 0 && again.commentsAdded == 0 && again.otherRecordsAdded == 0)
        #expect(again.commentsSkipped == 9)
        #expect(try await archive(target) == first)
    }

    @Test func goldenArchiveImportsAndExportsUnchanged() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        if ProcessInfo.processInfo.environment["PARLEY_UPDATE_GOLDEN"] == "1" {
            // The seed's clock-given times (rows written "now") pinned to one instant.
            let source = try await TestDatabase.make()
            try await SmallDiscussion.seed(source)
            let text = try await archive(source)
            await source.close()
            let pinned = try Regex(#""20(2[5-9]|[3-9][0-9])-[0-9T:.\-]+Z""#)
            try GoldenFile.check(text.replacing(pinned, with: #""2024-11-19T12:00:00.000000Z""#), against: "archive.parley.jsonl")
        }
        let golden = try GoldenFile.contents("archive.parley.jsonl")
        let summary = try await importArchive(test, try GoldenFile.url("archive.parley.jsonl").path)
        #expect(summary.commentsAdded == 9)
        try GoldenFile.check(try await archive(test), against: "archive.parley.jsonl")
        #expect(golden.split(separator: "\n").first == #"{"type":"parley-archive","version":1}"#)
    }

    @Test func importedDiscussionWorksLikeTheOriginal() async throws {
        let source = try await TestDatabase.make()
        let target = try await TestDatabase.make()
        defer { Task { await source.close(); await target.close() } }
        try await SmallDiscussion.seed(source)
        _ = try await importArchive(target, try write(try await archive(source)))
        let original = try await source.discussion().thread(ThreadRequest(articleKey: "atacms-1000-days"))
        let imported = try await target.discussion().thread(ThreadRequest(articleKey: "atacms-1000-days"))
        #expect(imported == original)
        // Sequences moved past the imported ids: the next comment gets a new one.
        let posted = try await target.discussion().post(PostRequest(articleKey: "atacms-1000-days", authorName: "New", body: "After the move."))
        #expect(posted.comment.id == 10)
        let articles = try await target.database.articles.list(tag: nil, status: nil, limit: 10)
        #expect(articles.first { $0.key == "atacms-1000-days" }?.visibleCount == original.article.visibleCount + 1)
    }

    @Test func dryRunReportsAndStoresNothing() async throws {
        let source = try await TestDatabase.make()
        let target = try await TestDatabase.make()
        defer { Task { await source.close(); await target.close() } }
        try await SmallDiscussion.seed(source)
        let summary = try await importArchive(target, try write(try await archive(source)), dryRun: true)
        #expect(summary.commentsAdded == 9)
        #expect(try count(target, "comments") == 0)
        #expect(try count(target, "articles") == 0)
        #expect(try count(target, "moderation_events") == 0)
    }

    @Test func anIdTakenByAnotherArticleRefusesEverything() async throws {
        let source = try await TestDatabase.make()
        let target = try await TestDatabase.make()
        defer { Task { await source.close(); await target.close() } }
        try await SmallDiscussion.seed(source)
        try await target.article("someone-elses-story")
        _ = try await target.discussion().post(PostRequest(articleKey: "someone-elses-story", authorName: "Local", body: "Mine."))
        let path = try write(try await archive(source))
        await #expect {
            _ = try await importArchive(target, path)
        } throws: { error in
            let error = error as? ParleyError
            return error?.code == "archive_conflict" && error?.message.contains("someone-elses-story") == true
        }
        #expect(try count(target, "comments") == 1)
        #expect(try count(target, "articles") == 1)
        #expect(try count(target, "authors") == 1)
    }

    @Test(arguments: [
        ("garbage", #"{"type":"comment","id":"#, "the line is not valid JSON"),
        ("unknown type", #"{"type":"poll","id":1}"#, #"unknown record type "poll""#),
        ("missing field", "DROP_BODY", #"has no "body""#),
        ("bad time", "BAD_TIME", "not an RFC 3339 timestamp"),
    ])
    func malformedLinesAreRefusedWithTheirLine(name: String, replacement: String, message: String) async throws {
        let source = try await TestDatabase.make()
        let target = try await TestDatabase.make()
        defer { Task { await source.close(); await target.close() } }
        try await SmallDiscussion.seed(source)
        var lines = try await archive(source).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix(#"{"type":"comment","id":4,"#) })
        switch replacement {
        case "DROP_BODY": lines[index] = lines[index].replacingOccurrences(of: #","body":"#, with: #","bodie":"#)
        case "BAD_TIME": lines[index] = lines[index].replacingOccurrences(of: #""created_at":"2024-11-19T"#, with: #""created_at":"19/11/2024 "#)
        default: lines[index] = replacement
        }
        let path = try write(lines.joined(separator: "\n"))
        await #expect {
            _ = try await importArchive(target, path)
        } throws: { error in
            let text = (error as? ParleyError)?.message ?? ""
            return text.contains("line \(index + 1)") && text.contains(message) && text.contains("nothing was stored")
        }
        #expect(try count(target, "comments") == 0)
        #expect(try count(target, "articles") == 0)
    }

    @Test func notAnArchiveIsRefused() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let path = try write(#"{"id":1,"article":"x"}"# + "\n")
        await #expect {
            _ = try await importArchive(test, path)
        } throws: { error in
            ((error as? ParleyError)?.message ?? "").contains("not a parley archive")
        }
    }

    @Test func aValueTheDatabaseRefusesStoresNothing() async throws {
        let source = try await TestDatabase.make()
        let target = try await TestDatabase.make()
        defer { Task { await source.close(); await target.close() } }
        try await SmallDiscussion.seed(source)
        let text = try await archive(source).replacingOccurrences(of: #""state":"rejected""#, with: #""state":"vanished""#)
        await #expect {
            _ = try await importArchive(target, try write(text))
        } throws: { error in
            (error as? ParleyError)?.code == "archive_invalid"
        }
        #expect(try count(target, "comments") == 0)
    }

    @Test func aReplyWhoseParentIsMissingIsRefused() async throws {
        let source = try await TestDatabase.make()
        let target = try await TestDatabase.make()
        defer { Task { await source.close(); await target.close() } }
        try await SmallDiscussion.seed(source)
        let lines = try await archive(source).split(separator: "\n").filter { !$0.hasPrefix(#"{"type":"comment","id":2,"#) }
        await #expect {
            _ = try await importArchive(target, try write(lines.joined(separator: "\n")))
        } throws: { error in
            ((error as? ParleyError)?.message ?? "").contains("replies to comment 2")
        }
        #expect(try count(target, "comments") == 0)
    }

    @Test func anArticleSubsetCarriesOnlyItsRows() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        try await SmallDiscussion.seed(test)
        let text = try await archive(test, keys: ["quiet-story"])
        #expect(text.contains(#""key":"quiet-story""#))
        #expect(!text.contains(#""type":"comment""#))
        #expect(!text.contains("atacms-1000-days"))
    }
    @Test func commentLinesInAnyOrderImportTheSameDiscussionAndCounts() async throws {
        let source = try await TestDatabase.make()
        let target = try await TestDatabase.make()
        defer { Task { await source.close(); await target.close() } }
        try await SmallDiscussion.seed(source)
        // Ids rise in an archive, so reversed, every reply comes before its parent: the merge must
        // then sort by id rather than trust the file's order.
        var lines = try await archive(source).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let commentIndexes = lines.indices.filter { lines[$0].contains(#""type":"comment""#) }
        let reversed = commentIndexes.map { lines[$0] }.reversed()
        for (index, line) in zip(commentIndexes, reversed) { lines[index] = line }
        let summary = try await importArchive(target, try write(lines.joined(separator: "\n")))
        #expect(summary.commentsAdded == 9)

        let original = try await source.discussion().thread(ThreadRequest(articleKey: "atacms-1000-days"))
        let imported = try await target.discussion().thread(ThreadRequest(articleKey: "atacms-1000-days"))
        #expect(imported == original)
        // The per-statement count trigger counted all nine rows of the one INSERT.
        let connection = try target.connection()
        defer { connection.close() }
        let counted = try connection.query("""
            SELECT (SELECT COALESCE(sum(total), 0) FROM article_counts)::int8,
                   (SELECT COALESCE(sum(visible), 0) FROM article_counts)::int8,
                   (SELECT count(*) FROM comments WHERE state IN ('published', 'flagged') AND NOT deleted)
            """).first!
        #expect(try counted.decode(0, as: Int.self) == 9)
        #expect(try counted.decode(1, as: Int.self) == counted.decode(2, as: Int.self))
    }
}

