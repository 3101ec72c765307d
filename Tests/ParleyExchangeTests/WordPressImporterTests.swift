import Foundation
import ParleyCore
import ParleyExchange
import Testing

@Suite("WordPress (WXR) importer")
struct WordPressImporterTests {
    let discussion: ForeignDiscussion

    init() throws {
        discussion = try WordPressImporter().read(file: ImporterFixtures.path("wordpress.xml"))
    }

    func comment(_ id: String) throws -> ForeignComment {
        try #require(discussion.comments.first { $0.sourceID == id })
    }

    @Test("Items become articles: slug, else the link's path; attachments and drafts without comments left out")
    func articles() {
        #expect(discussion.source == "wordpress")
        #expect(discussion.articles == [
            ForeignArticle(sourceID: "101", key: "kharkiv-night-of-sirens", title: "Kharkiv: a night of sirens & shelling",
                           url: "https://news.example.com/2024/11/21/kharkiv-night-of-sirens/",
                           publishedAt: ImporterFixtures.utc("2024-11-21T05:30:00Z")),
            ForeignArticle(sourceID: "102", key: "/?page_id=102", title: "Letters: «Why we stay» / רשימות / رسائل",
                           url: "https://news.example.com/?page_id=102", publishedAt: ImporterFixtures.utc("2024-11-22T06:00:00Z")),
            ForeignArticle(sourceID: "105", key: "quiet-post", title: "Quiet post without comments",
                           url: "https://news.example.com/2024/11/22/quiet-post/", publishedAt: ImporterFixtures.utc("2024-11-22T09:00:00Z")),
        ])
    }

    @Test("Comments: pingbacks and trackbacks skipped, replies of replies kept, a parent under another post cut")
    func threading() {
        #expect(discussion.comments.map(\.sourceID) == ["201", "202", "203", "204", "205", "206", "208", "209", "211", "212"])
        let links = Dictionary(uniqueKeysWithValues: discussion.comments.map { ($0.sourceID, $0.parentSourceID ?? "-") })
        #expect(links == ["201": "-", "202": "201", "203": "202", "204": "-", "205": "-", "206": "201", "208": "-",
                          "209": "-", "211": "-", "212": "-"])
        #expect(discussion.comments.filter { $0.articleSourceID == "102" }.map(\.sourceID) == ["211", "212"])
    }

    @Test("A comment field by field: newlines are line breaks and paragraphs, link as Markdown, GMT time")
    func fields() throws {
        #expect(try comment("201") == ForeignComment(
            sourceID: "201", articleSourceID: "101", parentSourceID: nil, authorName: "Olena K.", email: "olena@example.org",
            body: "We heard it all night in Saltivka.\nWindows shook twice.\n\nThe [official report](https://example.org/report) says 12 drones.",
            createdAt: ImporterFixtures.utc("2024-11-21T06:40:00Z"), state: .published, ip: "203.0.113.7"))
        let reply = try comment("202")
        #expect(reply.authorName == "Mark & Sons \"Ltd\"")
        #expect(reply.body == "\"Twice\"? We counted three, four, maybe five.\nStay safe, everyone, and \"keep the lights on\".")
        #expect(reply.createdAt == ImporterFixtures.utc("2024-11-21T07:15:09Z"))
    }

    @Test("comment_approved: 1 published, 0 pending, spam, trash rejected; no tombstones")
    func states() throws {
        let states = Dictionary(uniqueKeysWithValues: discussion.comments.map { ($0.sourceID, $0.state) })
        #expect(states == ["201": .published, "202": .published, "203": .published, "204": .pending, "205": .spam,
                           "206": .rejected, "208": .published, "209": .published, "211": .published, "212": .published])
        #expect(!discussion.comments.contains { $0.deleted })
        #expect(try comment("205").body == "Cheap watches!!! [buy now](http://spam.example/buy)")
    }

    @Test("No name, no GMT date: Anonymous, and the local date read as UTC")
    func fallbacks() throws {
        let old = try comment("209")
        #expect(old.authorName == "Anonymous" && old.email == nil && old.ip == nil)
        #expect(old.createdAt == ImporterFixtures.utc("2024-11-21T14:00:00Z"))
    }

    @Test("Unicode intact: RTL, emoji with modifiers and flags, combining marks")
    func unicode() throws {
        let arabic = try comment("203")
        #expect(arabic.authorName == "محمد حداد" && arabic.body == "سلامتكم جميعاً، \"ابقوا آمنين\" 🇺🇦" && arabic.ip == "2001:db8::1")
        let hebrew = try comment("204")
        #expect(hebrew.authorName == "נועה" && hebrew.body == "מחכה לאישור 👍🏽 — first comment, held for moderation.")
        let zoe = try comment("211")
        #expect(Array(zoe.authorName.unicodeScalars) == Array("Zoë Åström".unicodeScalars))  // precomposed in the file
        #expect(Array(zoe.body.unicodeScalars)
            == Array("Zoe\u{308} here, with combining marks: Zoe\u{308}, A\u{30A}ström.\n\nA new paragraph, & an entity.".unicodeScalars))
    }

    @Test("HTML converted safely: quote kept, escaped script stays text, real script and javascript: link dropped")
    func hostileHTML() throws {
        let hostile = try comment("208")
        #expect(hostile.body == "> 12 drones\n\nI typed <script>alert(1)</script> and bold.\nclick [smile](https://news.example.com/smile.png)")
        #expect(!hostile.body.contains("document.cookie") && !hostile.body.lowercased().contains("javascript"))
        for comment in discussion.comments where comment.sourceID != "208" {
            #expect(!comment.body.contains("<"), "\(comment.sourceID): \(comment.body)")
        }
    }

    @Test("Syntax error: line and column")
    func syntaxError() {
        let error = ImporterFixtures.error(WordPressImporter(), ImporterFixtures.path("wordpress-malformed.xml"))
        #expect(error?.position == "line 7, column 31")  // just after &nbsp;
        #expect(error?.message.hasPrefix("XML syntax error: an undeclared entity") == true)
    }

    @Test("Bad date: the comment, its ordinal, id, item and line")
    func badDate() {
        let error = ImporterFixtures.error(WordPressImporter(), ImporterFixtures.path("wordpress-bad-date.xml"))
        #expect(error?.description
            == "<wp:comment> #2 (wp:comment_id 502) in <item> #1, line 22: wp:comment_date_gmt \"yesterday\" is not a date (2024-11-19 06:40:00 expected)")
    }

    @Test("Missing ids, plain RSS, a Disqus file, WXR 1.0 accepted")
    func refusals() throws {
        func read(_ body: String, namespace: String = "http://wordpress.org/export/1.2/") throws -> ImportError? {
            let xml = "<rss xmlns:wp=\"\(namespace)\"><channel>\n\(body)</channel></rss>"
            return ImporterFixtures.error(WordPressImporter(), try ImporterFixtures.temporaryFile("w.xml", contents: xml))
        }
        #expect(try read("<item><wp:post_id>1</wp:post_id>\n<wp:comment><wp:comment_date_gmt>2024-11-21 06:40:00</wp:comment_date_gmt></wp:comment></item>")?.description
            == "<wp:comment> #1 in <item> #1, line 3: the comment has no <wp:comment_id>")
        #expect(try read("<item><title>No id</title></item>")?.description == "<item> #1, line 2: the item has no <wp:post_id>")
        let plain = try ImporterFixtures.temporaryFile("feed.xml", contents: "<rss><channel><title>A feed</title></channel></rss>")
        #expect(ImporterFixtures.error(WordPressImporter(), plain)?.message.contains("it is not a WXR export") == true)
        let disqus = ImporterFixtures.error(WordPressImporter(), ImporterFixtures.path("disqus.xml"))
        #expect(disqus?.message == "This is not a WordPress export: the root element is <disqus>, not <rss>. It looks like a Disqus export: import it as disqus.")
        let old = "<item><wp:post_id>9</wp:post_id><wp:post_name>old</wp:post_name><wp:comment><wp:comment_id>1</wp:comment_id>"
            + "<wp:comment_date_gmt>2009-01-02 03:04:05</wp:comment_date_gmt><wp:comment_content>Hi</wp:comment_content>"
            + "<wp:comment_approved>1</wp:comment_approved></wp:comment></item>"
        let path = try ImporterFixtures.temporaryFile("old.xml", contents: "<rss xmlns:wp=\"http://wordpress.org/export/1.0/\"><channel>\(old)</channel></rss>")
        let discussion = try WordPressImporter().read(file: path)
        #expect(discussion.articles.map(\.key) == ["old"] && discussion.comments.map(\.createdAt) == [ImporterFixtures.utc("2009-01-02T03:04:05Z")])
    }
}
