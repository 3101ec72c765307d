import Foundation
import ParleyCore

/// Reads Isso's SQLite database (comments.db), opened read-only.
///
/// - A row of `threads` is an article: key from `uri`, title from `title` (the key when NULL).
/// - A row of `comments` is a comment: `text` is Markdown already and kept as written; mode 1 →
///   published, 2 → pending (moderation), 4 → a tombstone (Isso blanks a deleted comment that
///   has replies); `created` and `modified` are Unix times; likes − dislikes is the score.
/// - Isso stores author and email HTML-escaped: entities are decoded.
/// - `remote_addr` is Isso's anonymized address (the last IPv4 byte zeroed), kept as such.
public struct IssoImporter: ForeignImporter {
    public init() {}

    public func read(file path: String) throws(ImportError) -> ForeignDiscussion {
        try ImportFile.check(path)
        let database = try Database(path: path)
        var tables: Set<String> = []
        try database.each("SELECT name FROM sqlite_master WHERE type = 'table'") { row in
            if let name = row.text(0) { tables.insert(name) }
        }
        for table in ["threads", "comments"] where !tables.contains(table) {
            throw ImportError("\(path) is an SQLite database without a \"\(table)\" table: it is not Isso's comments.db.")
        }

        var articles: [ForeignArticle] = []
        try database.each("SELECT id, uri, title FROM threads ORDER BY id") { (row) throws(ImportError) in
            let id = String(row.integer(0) ?? 0)
            guard let key = ForeignText.articleKey(row.text(1)) else {
                throw ImportError("the thread has no uri to make an article key of", at: "threads row id \(id)")
            }
            guard key.count <= 300 else { throw ImportError("the uri is longer than 300 characters", at: "threads row id \(id)") }
            articles.append(ForeignArticle(sourceID: id, key: key, title: ForeignText.title(row.text(2), fallback: key)))
        }

        var comments: [ForeignComment] = []
        let columns = "tid, id, parent, created, modified, mode, remote_addr, text, author, email, likes, dislikes"
        try database.each("SELECT \(columns) FROM comments ORDER BY id") { (row) throws(ImportError) in
            let id = String(row.integer(1) ?? 0)
            guard let created = row.double(3), created.isFinite, created > 0 else {
                throw ImportError("created \"\(row.text(3) ?? "NULL")\" is not a Unix time", at: "comments row id \(id)")
            }
            let mode = row.integer(5) ?? 1
            let edited = row.double(4).flatMap { $0.isFinite && $0 > 0 ? Date(timeIntervalSince1970: $0) : nil }
            comments.append(ForeignComment(
                sourceID: id, articleSourceID: String(row.integer(0) ?? -1), parentSourceID: row.integer(2).map { String($0) },
                authorName: ForeignText.name(row.text(8), decodingEntities: true),
                email: ForeignText.email(row.text(9).map(HTMLEntities.decode)),
                body: row.text(7) ?? "", createdAt: Date(timeIntervalSince1970: created), editedAt: edited,
                state: mode == 1 || mode == 4 ? .published : .pending, deleted: mode == 4,
                ip: ForeignText.ip(row.text(6)), score: Int((row.integer(10) ?? 0) - (row.integer(11) ?? 0))))
        }
        let threaded = ForeignThreading.resolve(comments, articles: Set(articles.map(\.sourceID)))
        return ForeignDiscussion(source: "isso", articles: articles, comments: threaded)
    }
}
