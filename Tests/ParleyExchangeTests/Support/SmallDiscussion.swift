import Foundation
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

/// The discussion every golden file shows: nesting three deep, a tombstone, a rejected
/// reply, an edit, and bodies with RTL text, emoji, combining marks, quotes, commas,
/// newlines, Markdown look-alikes and HTML. Every timestamp is fixed.
enum SmallDiscussion {
    static let start = Date(timeIntervalSince1970: 1_732_010_400)  // 2024-11-19T10:00:00Z

    struct Seeded {
        var tombstone: Int64
        var rejected: Int64
        var total: Int
    }

    @discardableResult
    static func seed(_ test: TestDatabase) async throws -> Seeded {
        _ = try await test.database.articles.create(NewArticle(
            key: "atacms-1000-days", title: #"Ukraine fires "ATACMS" on day 1,000 — <b>analysis</b> & reactions"#,
            url: "https://news.example/world/atacms?x=1&y=<2>", tags: ["war", "ukraine"], publishedAt: start))
        _ = try await test.database.articles.create(NewArticle(
            key: "quiet-story", title: "A story nobody commented on", publishedAt: start.addingTimeInterval(60)))
        let discussion = test.discussion()
        var minute = 0.0
        func post(_ author: String, _ body: String, parent: Int64? = nil) async throws -> Int64 {
            minute += 7
            return try await discussion.post(PostRequest(
                articleKey: "atacms-1000-days", authorName: author, body: body, parentID: parent,
                ip: "203.0.113.\(Int(minute))", createdAt: start.addingTimeInterval(minute * 60))).comment.id
        }
        let first = try await post("Olena Kravets", #"Plain words, with a comma, and "quotes" — and 'single' ones."#)
        let reply = try await post("Mark Whitfield", "First line\nsecond line\n\nA new paragraph with **bold**, _em_ and `code`.", parent: first)
        _ = try await post("سارا", "مرحبا بالعالم — שלום עולם. Mixed: ATACMS מטוס 300 км.", parent: reply)
        let emoji = try await post("Zoë 👩🏽‍💻", "Emoji 🇺🇦🚀👍🏽, combining e\u{301} n\u{303} a\u{30A}, and zero-width\u{200B}space.")
        let html = try await post("Mallory", #"<script>alert("x")</script> <b>bold?</b> &amp; <img src=x onerror=alert(1)>"#)
        _ = try await post("Eve", #"=HYPERLINK("http://evil.example","click"), +1, -2, @SUM(A1)"#, parent: html)
        let rejected = try await post("Troll", "You are all paid shills.", parent: emoji)
        _ = try await post("Priya Raman", "- not a list\n# not a heading\n1. not numbered\n![tracker](http://t.example/p.png) | a|b\n===")
        let edited = try await post("Dmitri Sokolov", "Before the edit.")
        _ = try await discussion.edit(id: edited, body: "After the edit, with a\ttab.", editor: Actor(.author, "Dmitri Sokolov"))
        for voter in ["a", "b", "c"] { _ = try await discussion.vote(id: first, value: 1, voter: voter) }
        _ = try await discussion.vote(id: emoji, value: -1, voter: "a")
        _ = try await discussion.delete(id: html, actor: Actor(.moderator, "desk"))
        _ = try await ModerationDesk(repository: test.database.desk).decide(
            .reject, target: .ids([rejected]), reason: "Personal attack", moderator: "desk")
        // What the clock gave the edit, the deletion and the decisions, fixed.
        let connection = try test.connection()
        defer { connection.close() }
        try connection.execute("UPDATE comments SET edited_at = created_at + interval '5 minutes' WHERE edited_at IS NOT NULL")
        try connection.execute("UPDATE comments SET deleted_at = created_at + interval '9 minutes' WHERE deleted_at IS NOT NULL")
        try connection.execute("UPDATE comments SET decided_at = created_at + interval '1 minute'")
        return Seeded(tombstone: html, rejected: rejected, total: 9)
    }
}
