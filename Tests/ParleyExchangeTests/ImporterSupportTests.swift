import Foundation
import ParleyCore
@testable import ParleyExchange
import Testing

/// The fixtures folder, and the helpers the importer tests share.
enum ImporterFixtures {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    /// An instant written as ISO 8601 in UTC, parsed by Foundation (not by the code under test).
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    /// The error an import throws, or nil when it succeeds.
    static func error(_ importer: some ForeignImporter, _ path: String) -> ImportError? {
        do {
            _ = try importer.read(file: path)
            return nil
        } catch {
            return error
        }
    }

    /// A file in a fresh temporary directory.
    static func temporaryFile(_ name: String, contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try contents.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}

@Suite("Importer support: HTML to text, dates, keys, threading")
struct ImporterSupportTests {
    @Test("HTML becomes paragraphs, links, quotes and lists; no tag survives")
    func htmlToText() {
        #expect(HTMLToText.convert("<p>One<br>two</p><p>Three &amp; four</p>") == "One\ntwo\n\nThree & four")
        #expect(HTMLToText.convert("  <div>\n  spaced   out \n</div>  ") == "spaced out")
        #expect(HTMLToText.convert("<a href=\"https://x.org/a\">the report</a>") == "[the report](https://x.org/a)")
        #expect(HTMLToText.convert("<a href='https://x.org/'>https://x.org/</a>") == "https://x.org/")
        #expect(HTMLToText.convert("<a href=\"https://x.org/(1)\">[odd]</a>") == "[odd] (https://x.org/%281%29)")
        #expect(HTMLToText.convert("<a href=\"javascript:alert(1)\">click</a>") == "click")
        #expect(HTMLToText.convert("<a href=\"mailto:a@b.org\">a@b.org</a>") == "a@b.org")
        #expect(HTMLToText.convert("<blockquote><p>quoted</p><p>twice</p></blockquote>reply") == "> quoted\n>\n> twice\n\nreply")
        #expect(HTMLToText.convert("<ul><li>a</li><li>b</li></ul>") == "- a\n- b")
        #expect(HTMLToText.convert("a < b and c > d, 3<4") == "a < b and c > d, 3<4")
        #expect(HTMLToText.convert("x<script>alert('<p>')</script>y<style>p{}</style>z<!-- <b> -->!") == "xyz!")
        #expect(HTMLToText.convert("&lt;script&gt;alert(1)&lt;/script&gt;") == "<script>alert(1)</script>")
        #expect(HTMLToText.convert("cut <b") == "cut")
        #expect(HTMLToText.convert("<pre>  code\n    indented</pre>") == "  code\n    indented")
        #expect(HTMLToText.convert("one\ntwo\n\n\n\nthree", newlinesAreBreaks: true) == "one\ntwo\n\nthree")
        #expect(HTMLToText.convert("one\ntwo") == "one two")
        #expect(HTMLToText.convert("tab\there\u{7}bell\r\nCRLF", newlinesAreBreaks: true) == "tab herebell\nCRLF")
    }

    @Test("Entities: named, numeric, Windows-1252 codes, unknown ones kept")
    func entities() {
        #expect(HTMLEntities.decode("&eacute;&yuml;&divide;&nbsp;&hellip;&rlm;") == "éÿ÷\u{A0}…\u{200F}")
        #expect(HTMLEntities.decode("&#8217;&#x1F3B5;&#150;&#0;") == "’🎵–\u{FFFD}")
        #expect(HTMLEntities.decode("&bogus; & &amp &amp;") == "&bogus; & &amp &")
    }

    @Test("Timestamps: ISO 8601 and WordPress's GMT columns, exact; junk refused")
    func timestamps() {
        #expect(ForeignTimestamp.parse("2024-11-19T06:40:00Z") == ImporterFixtures.utc("2024-11-19T06:40:00Z"))
        #expect(ForeignTimestamp.parse("2024-11-19 06:40:00") == ImporterFixtures.utc("2024-11-19T06:40:00Z"))
        #expect(ForeignTimestamp.parse("2024-11-19T08:40:00+02:00") == ImporterFixtures.utc("2024-11-19T06:40:00Z"))
        #expect(ForeignTimestamp.parse("2024-02-29T00:00:00.5Z") == ImporterFixtures.utc("2024-02-29T00:00:00.500Z"))
        #expect(ForeignTimestamp.parse("1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
        for junk in ["yesterday", "", "2024-11-19", "2023-02-29 00:00:00", "0000-00-00 00:00:00", "2024-11-19T24:00:00Z",
                     "2024-11-19T06:40:00Zjunk", "2024-11-19T06:40:00."] {
            #expect(ForeignTimestamp.parse(junk) == nil, "\(junk)")
        }
    }

    @Test("Article keys: white space becomes '-', paths keep '?p=' queries only at the root")
    func keys() {
        #expect(ForeignText.articleKey("  528 https://x.org/?p=528\t\n") == "528-https://x.org/?p=528")
        #expect(ForeignText.articleKey(" \u{0}\t ") == nil)
        #expect(ForeignText.linkPath("https://x.org/a/b/?utm=1#c") == "/a/b/")
        #expect(ForeignText.linkPath("https://x.org/?p=528") == "/?p=528")
        #expect(ForeignText.linkPath("https://x.org") == "/")
        #expect(ForeignText.name("  Olena \n K.\u{7} ") == "Olena K.")
        #expect(ForeignText.name(nil) == "Anonymous")
        #expect(ForeignText.name(String(repeating: "é", count: 150)).count == 100)
    }

    @Test("Threading: unknown articles dropped, cross-article parents cut, parents first, cycles broken")
    func threading() {
        func comment(_ id: String, _ article: String, _ parent: String?) -> ForeignComment {
            ForeignComment(sourceID: id, articleSourceID: article, parentSourceID: parent, authorName: "a", body: "b",
                           createdAt: Date(timeIntervalSince1970: 0))
        }
        let input = [
            comment("3", "A", "2"), comment("1", "A", nil), comment("2", "A", "1"), comment("4", "B", "1"),
            comment("5", "X", nil), comment("6", "A", "7"), comment("7", "A", "6"), comment("8", "A", "404"),
        ]
        let output = ForeignThreading.resolve(input, articles: ["A", "B"])
        // "4" loses its parent on another article; "8" keeps the link to a parent not in the file
        // (storage resolves it) and its place; the cycle 6 ⇄ 7 is cut at 6, after the rest.
        #expect(output.map(\.sourceID) == ["1", "2", "3", "4", "8", "6", "7"])
        #expect(output.map(\.parentSourceID) == [nil, "1", "2", nil, "404", nil, "6"])
    }
}
