import Foundation
import ParleyCore
import ParleyHTTP

/// The documents `parley bench json` encodes, shaped like `parley bench threads`' seed:
/// 30% top-level comments, replies up to depth 10, bodies of 100-600 characters with some
/// non-ASCII words, times with microseconds as PostgreSQL returns them.
enum JSONBenchFixtures {
    static func threadPage(comments count: Int, using generator: inout some RandomNumberGenerator) -> ThreadPageView {
        let start = Date(timeIntervalSince1970: 1_732_000_000)
        var rows: [Comment] = []
        var depth: [Int] = []
        rows.reserveCapacity(count)
        for index in 0..<count {
            var parent: Int?
            if index > 0, Double.random(in: 0..<1, using: &generator) >= 0.3 {
                var candidate = Int.random(in: 0..<index, using: &generator)
                while depth[candidate] >= 10, let up = rows[candidate].parentID { candidate = Int(up) - 1 }
                parent = candidate
            }
            depth.append(parent.map { depth[$0] + 1 } ?? 0)
            let id = Int64(index + 1)
            let created = start.addingTimeInterval(Double(index) * 37 + Double(Int.random(in: 0..<1_000_000, using: &generator)) / 1e6)
            rows.append(Comment(
                id: id, articleID: 1, parentID: parent.map { Int64($0 + 1) }, rootID: parent.map { rows[$0].rootID } ?? id,
                depth: depth[index], authorID: Int64.random(in: 1...500, using: &generator),
                authorName: "reader-\(Int.random(in: 1...500, using: &generator))",
                body: SampleText.comment(length: Int.random(in: 100...600, using: &generator), using: &generator),
                state: .published, score: Int.random(in: -3...40, using: &generator), createdAt: created,
                editedAt: Int.random(in: 0..<10, using: &generator) == 0 ? created.addingTimeInterval(60) : nil))
        }
        let article = Article(id: 1, key: "bench-1k", title: "Benchmark discussion bench-1k", tags: ["bench"],
                              createdAt: start, visibleCount: count)
        let threads = ThreadAssembler.assemble(rows, sort: .oldest, audience: .readers)
        return ThreadPageView(article: ArticleView(readerView: article),
                              comments: threads.map { CommentView($0, renderHTML: CommentHTML.render) }, nextCursor: nil)
    }

    static func counts(articles: Int, using generator: inout some RandomNumberGenerator) -> [String: Int] {
        var counts: [String: Int] = [:]
        for index in 0..<articles { counts["story-\(index)-ukraine-atacms"] = Int.random(in: 0...2000, using: &generator) }
        return counts
    }

    static func queuePage(items count: Int, using generator: inout some RandomNumberGenerator) -> QueuePageView {
        let now = Date()
        let items = (0..<count).map { index in
            let article = Article(id: 1, key: "story-\(index % 7)", title: "A story about the war", url: "https://news.example/story-\(index % 7)",
                                  createdAt: now)
            let author = Author(id: Int64(index), name: "reader-\(index)", approvedCount: 3, firstSeenAt: now, lastSeenAt: now)
            let comment = Comment(id: Int64(index + 1), articleID: 1, parentID: index % 3 == 0 ? nil : Int64(index), rootID: 1, depth: 1,
                                  authorID: Int64(index), authorName: author.name,
                                  body: SampleText.comment(length: Int.random(in: 100...600, using: &generator), using: &generator),
                                  state: .pending, createdAt: now.addingTimeInterval(-Double(index) * 61.5))
            return QueueItem(comment: comment, version: 1, article: article, author: author,
                             parent: comment.parentID.map { ParentExcerpt(id: $0, authorName: "reader-x", firstLine: "The first line of the parent") },
                             firedRules: [FiredRule(name: "insults", action: .hold, reason: "Possible personal attack", match: "idiot", span: [4, 9])],
                             decidedBy: nil, decidedAt: nil, openReports: index % 5 == 0 ? ["rude"] : [])
        }
        return QueuePageView(QueuePage(items: items, total: 1234, nextCursor: QueueCursor(createdAt: now, id: 99)))
    }
}
