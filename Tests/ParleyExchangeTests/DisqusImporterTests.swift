import Foundation
import ParleyCore
import ParleyExchange
import Testing

@Suite("Disqus importer")
struct DisqusImporterTests {
    let discussion: ForeignDiscussion

    init() throws {
        discussion = try DisqusImporter().read(file: ImporterFixtures.path("disqus.xml"))
    }

    func comment(_ id: String) throws -> ForeignComment {
        try #require(discussion.comments.first { $0.sourceID == id })
    }

    @Test("Threads become articles: key from <id>, else the link's path; duplicate keys merged")
    func articles() {
        #expect(discussion.source == "disqus")
        #expect(discussion.articles == [
            ForeignArticle(sourceID: "7710001", key: "kursk-strikes-2024", title: "Kyiv may now strike inside Russia: what changes",
                           url: "https://news.example.com/world/2024/11/kursk-strikes",
                           publishedAt: ImporterFixtures.utc("2024-11-18T21:05:12Z")),
            ForeignArticle(sourceID: "7710002", key: "/culture/oud-festival-haifa",
                           title: "Oud festival in Haifa: العود والموسيقى, עוד ומוזיקה",
                           url: "https://news.example.com/culture/oud-festival-haifa?utm_source=rss#comments",
                           publishedAt: ImporterFixtures.utc("2024-11-20T08:00:00Z")),
            ForeignArticle(sourceID: "7710003", key: "528-https://news.example.com/?p=528", title: "528-https://news.example.com/?p=528",
                           url: "https://news.example.com/?p=528", publishedAt: ImporterFixtures.utc("2013-05-02T10:00:00Z")),
        ])
    }

    @Test("Posts: parents first, links to absent parents kept for storage, posts of unknown threads dropped, merged threads followed")
    func threading() {
        #expect(discussion.comments.map(\.sourceID) == (1...12).map { String(90000 + $0) })
        let links = Dictionary(uniqueKeysWithValues: discussion.comments.map { ($0.sourceID, $0.parentSourceID ?? "-") })
        #expect(links == ["90001": "-", "90002": "90001", "90003": "90002", "90004": "-", "90005": "90004", "90006": "-",
                          "90007": "-", "90008": "90001", "90009": "-", "90010": "99999", "90011": "-", "90012": "-"])
        let articles = Dictionary(uniqueKeysWithValues: discussion.comments.map { ($0.sourceID, $0.articleSourceID) })
        #expect(articles["90009"] == "7710002" && articles["90010"] == "7710002" && articles["90011"] == "7710003")
        #expect(articles["90012"] == "7710001")
        #expect(!discussion.comments.contains { $0.sourceID == "90013" })
    }

    @Test("A comment field by field: author, email, address, exact time, Markdown link")
    func fields() throws {
        #expect(try comment("90001") == ForeignComment(
            sourceID: "90001", articleSourceID: "7710001", parentSourceID: nil, authorName: "Olena K.", email: "olena@example.org",
            body: "Finally. The range was never the problem, the permission was.\n\n"
                + "See [Reuters' timeline](https://www.reuters.com/world/europe/) & the map: https://maps.example.org/kursk",
            createdAt: ImporterFixtures.utc("2024-11-19T06:40:00Z"), state: .published, deleted: false, ip: "203.0.113.7"))
        let reply = try comment("90002")
        #expect(reply.authorName == "Mark \"the realist\" O'Neil")
        #expect(reply.body == "\"Never the problem\"? Tell that to Sumy, Kharkiv, Zaporizhzhia, etc.\nLine two, with commas, \"quotes\" and O'Neil's apostrophe.")
        #expect(reply.createdAt == ImporterFixtures.utc("2024-11-19T07:15:09Z"))
    }

    @Test("Deleted post: a published tombstone; spam: spam; guests keep their names")
    func states() throws {
        let tombstone = try comment("90004")
        #expect(tombstone.deleted && tombstone.state == .published)
        #expect(tombstone.body == "" && tombstone.authorName == "Anonymous" && tombstone.email == nil && tombstone.ip == "127.0.0.1")
        #expect(try comment("90005").deleted == false)
        let spam = try comment("90006")
        #expect(spam.state == .spam && !spam.deleted && spam.body == "Cheap watches!!! http://spam.example/buy")
        #expect(discussion.comments.filter { $0.state == .published && !$0.deleted }.count == 10)
        #expect(try comment("90011").authorName == "Old Timer")
        #expect(try comment("90010").authorName == "quiet_reader")
    }

    @Test("Unicode intact: RTL text, emoji with modifiers, combining marks, bidi marks")
    func unicode() throws {
        let arabic = try comment("90003")
        #expect(arabic.authorName == "محمد حداد")
        #expect(arabic.body == "هذا تعليق باللغة العربية، مع أرقام 1,000 و\"اقتباس\" — 🇺🇦 😔")
        #expect(arabic.ip == "2001:db8:85a3::8a2e:370:7334")
        let guest = try comment("90005")
        #expect(Array(guest.authorName.unicodeScalars) == Array("Zoe\u{308} A\u{30A}ström".unicodeScalars))
        #expect(Array(guest.body.unicodeScalars) == Array("Replying to a comment that is gone now.\n\nZoe\u{308}, with a combining diaeresis.".unicodeScalars))
        #expect(guest.ip == nil && guest.email == nil)
        let hebrew = try comment("90008")
        #expect(Array(hebrew.body.unicodeScalars) == Array("> The range was never the problem\n\nאני לא מסכים 👍🏽 — \u{200F}זה עניין של טווח.".unicodeScalars))
        #expect(try comment("90009").body == "Line-up:\n\n- Trio Joubran\n- Yair Dalal\n\nWorth it… really — don’t miss it 🎵")
    }

    @Test("HTML converted safely: escaped tags stay text, real script and javascript: links go")
    func hostileHTML() throws {
        let hostile = try comment("90007")
        #expect(hostile.body == "I typed <script>alert(\"xss\")</script> and bold, then a js link and a picture.")
        #expect(!hostile.body.contains("document.cookie") && !hostile.body.contains("javascript:") && !hostile.body.contains("onerror"))
        #expect(hostile.email == nil)  // "not-an-email"
        for comment in discussion.comments where comment.sourceID != "90007" {
            #expect(!comment.body.contains("<"), "\(comment.sourceID): \(comment.body)")
        }
    }

    @Test("Syntax error: line and column")
    func syntaxError() {
        let error = ImporterFixtures.error(DisqusImporter(), ImporterFixtures.path("disqus-malformed.xml"))
        #expect(error == ImportError("XML syntax error: an end tag that does not match the open element.", at: "line 12, column 42"))  // libxml2 points just after </autor>
    }

    @Test("Structure error: the post, its ordinal, dsq:id and line")
    func structureError() {
        let error = ImporterFixtures.error(DisqusImporter(), ImporterFixtures.path("disqus-structure.xml"))
        #expect(error?.description == "<post> #2 (dsq:id 2002), line 15: the post has no <thread dsq:id=\"…\"/> reference")
    }

    @Test("Bad dates, missing messages, duplicate ids, wrong root, empty and missing files")
    func refusals() throws {
        func read(_ xml: String) throws -> ImportError? {
            ImporterFixtures.error(DisqusImporter(), try ImporterFixtures.temporaryFile("d.xml", contents: xml))
        }
        let head = "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"
        let thread = "<thread dsq:id=\"1\"><id>k</id></thread>\n"
        let post = { (id: String, date: String) in
            "<post dsq:id=\"\(id)\"><message>m</message><createdAt>\(date)</createdAt><thread dsq:id=\"1\"/></post>\n"
        }
        #expect(try read(head + thread + post("42", "yesterday") + "</disqus>")?.description
            == "<post> #1 (dsq:id 42), line 3: createdAt \"yesterday\" is not a date (2024-11-19T06:40:00Z expected)")
        #expect(try read(head + thread + "<post dsq:id=\"7\"><createdAt>2024-11-19T06:40:00Z</createdAt><thread dsq:id=\"1\"/></post></disqus>")?.description
            == "<post> #1 (dsq:id 7), line 3: the post has no <message>")
        #expect(try read(head + thread + post("5", "2024-11-19T06:40:00Z") + post("5", "2024-11-19T06:40:00Z") + "</disqus>")?.description
            == "<post> #2 (dsq:id 5), line 4: dsq:id 5 is used by an earlier post")
        #expect(try read(head + "<thread dsq:id=\"1\"><id/><link/></thread></disqus>")?.description
            == "<thread> #1 (dsq:id 1), line 2: the thread has neither an <id> nor a <link> to make an article key of")

        let wxr = ImporterFixtures.error(DisqusImporter(), ImporterFixtures.path("wordpress.xml"))
        #expect(wxr?.message == "This is not a Disqus export: the root element is <rss>, not <disqus>. It looks like a WordPress (WXR) export: import it as wordpress.")
        let empty = try ImporterFixtures.temporaryFile("empty.xml", contents: "")
        #expect(ImporterFixtures.error(DisqusImporter(), empty)?.message == "\(empty) is empty: there is nothing to import.")
        let blank = try ImporterFixtures.temporaryFile("blank.xml", contents: "<?xml version=\"1.0\"?>\n\n")
        #expect(ImporterFixtures.error(DisqusImporter(), blank)?.message.hasSuffix("holds no XML element: there is nothing to import.") == true)
        #expect(ImporterFixtures.error(DisqusImporter(), "/nonexistent/export.xml")?.message == "/nonexistent/export.xml: no such file.")
        let database = ImporterFixtures.path("isso.db")
        #expect(ImporterFixtures.error(DisqusImporter(), database)?.message
            == "\(database) is not XML: a start tag (\"<\") is expected at line 1, column 1.")
    }
}
