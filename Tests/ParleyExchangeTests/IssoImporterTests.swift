import Foundation
import ParleyCore
import ParleyExchange
import Testing

/// isso.db was written by Isso 0.14.0 itself (scripts/fixtures/make-isso-db); the times were
/// pinned afterwards: comment n was created at 06:40:00.25 UTC plus (n − 1) × 10 minutes.
@Suite("Isso importer")
struct IssoImporterTests {
    let discussion: ForeignDiscussion

    init() throws {
        discussion = try IssoImporter().read(file: ImporterFixtures.path("isso.db"))
    }

    func comment(_ id: String) throws -> ForeignComment {
        try #require(discussion.comments.first { $0.sourceID == id })
    }

    static func created(_ id: Int) -> Date { Date(timeIntervalSince1970: 1_731_998_400.25 + Double(id - 1) * 600) }

    @Test("Threads become articles keyed by their uri")
    func articles() {
        #expect(discussion.source == "isso")
        #expect(discussion.articles == [
            ForeignArticle(sourceID: "1", key: "/world/2024/11/kursk-strikes", title: "Kyiv may now strike inside Russia: what changes"),
            ForeignArticle(sourceID: "2", key: "/culture/oud-festival-haifa/", title: "Oud festival in Haifa: العود, עוד"),
        ])
    }

    @Test("Comments in id order; Isso's own two levels: a reply to a reply hangs under the top comment")
    func threading() {
        #expect(discussion.comments.map(\.sourceID) == (1...9).map(String.init))
        #expect(discussion.comments.map { $0.parentSourceID ?? "-" } == ["-", "1", "1", "-", "4", "-", "-", "7", "-"])
        #expect(discussion.comments.map(\.articleSourceID) == ["1", "1", "1", "1", "1", "1", "2", "2", "2"])
    }

    @Test("A comment field by field: Markdown kept as written, score from votes, anonymized address, exact time")
    func fields() throws {
        #expect(try comment("1") == ForeignComment(
            sourceID: "1", articleSourceID: "1", parentSourceID: nil, authorName: "Olena K.", email: "olena@example.org",
            body: "Finally. The range was never the problem, the **permission** was.\n\n"
                + "See [Reuters' timeline](https://www.reuters.com/world/europe/) & the map.",
            createdAt: Self.created(1), editedAt: nil, state: .published, deleted: false, ip: "203.0.113.0", score: 2))
        #expect(try comment("1").createdAt.timeIntervalSince1970 == 1_731_998_400.25)
        #expect(try comment("2").authorName == "Mark \"the realist\" O'Neil & Sons")  // Isso stored "&amp;"
        #expect(try comment("2").body == "\"Never the problem\"? Tell that to Sumy, Kharkiv, etc.\nLine two, with commas.")
        let edited = try comment("8")
        #expect(edited.body == "Agreed, 1,000 times. (Typo fixed.)")
        #expect(edited.createdAt == ImporterFixtures.utc("2024-11-19T07:50:00.250Z"))
        #expect(edited.editedAt == Date(timeIntervalSince1970: 1_732_002_690.75))
    }

    @Test("Modes: 1 published, 2 pending, 4 a published tombstone (blanked by Isso, kept for its reply)")
    func states() throws {
        #expect(discussion.comments.map(\.state) == [.published, .published, .published, .published, .published, .published,
                                                    .published, .published, .pending])
        #expect(discussion.comments.map(\.deleted) == [false, false, false, true, false, false, false, false, false])
        let tombstone = try comment("4")
        #expect(tombstone.body == "" && tombstone.authorName == "Anonymous" && tombstone.email == "second@example.com")
        #expect(try comment("9").authorName == "New Reader")
    }

    @Test("Unicode and hostile text intact: RTL, emoji, combining marks, IPv6, a <script> that is only text")
    func unicode() throws {
        let arabic = try comment("3")
        #expect(arabic.authorName == "محمد حداد" && arabic.body == "هذا تعليق باللغة العربية، مع \"اقتباس\" — 🇺🇦 😔")
        #expect(arabic.ip == "2001:0db8:85a3:0000:0000:0000:0000:0000")
        #expect(Array(try comment("5").authorName.unicodeScalars) == Array("Zoe\u{308} A\u{30A}ström".unicodeScalars))
        let anonymous = try comment("6")
        #expect(anonymous.authorName == "Anonymous" && anonymous.email == nil)
        #expect(anonymous.body == "No name given. <script>alert(\"xss\")</script> stays text; אני לא מסכים 👍🏽")
        #expect(try comment("7").body == "ההופעה הייתה מדהימה! Trio Joubran, Yair Dalal — worth it 🎵")
    }

    @Test("Not SQLite, SQLite without Isso's tables, empty and missing files: a clear sentence")
    func refusals() throws {
        let notSQLite = ImporterFixtures.path("not-sqlite.db")
        #expect(ImporterFixtures.error(IssoImporter(), notSQLite)?.message
            == "\(notSQLite) is not an SQLite database (SQLite says: file is not a database); Isso's comments.db is expected.")
        let notIsso = ImporterFixtures.path("not-isso.db")
        #expect(ImporterFixtures.error(IssoImporter(), notIsso)?.message
            == "\(notIsso) is an SQLite database without a \"threads\" table: it is not Isso's comments.db.")
        let empty = try ImporterFixtures.temporaryFile("comments.db", contents: "")
        #expect(ImporterFixtures.error(IssoImporter(), empty)?.message == "\(empty) is empty: there is nothing to import.")
        #expect(ImporterFixtures.error(IssoImporter(), "/nonexistent/comments.db")?.message == "/nonexistent/comments.db: no such file.")
        #expect(ImporterFixtures.error(IssoImporter(), ImporterFixtures.path("disqus.xml"))?.message.contains("is not an SQLite database") == true)
    }
}
