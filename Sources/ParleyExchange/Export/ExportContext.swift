import Foundation
import ParleyCore

/// What every writer knows before the first comment: the articles (in the order their
/// comments will come) and whose view the export is.
public struct ExportContext: Sendable {
    public var articles: [ArticleRecord]
    public var selection: ExportSelection

    public init(articles: [ArticleRecord], selection: ExportSelection) {
        self.articles = articles
        self.selection = selection
    }

    /// A moderators' export (`--states`) carries states and decisions; a readers' one does not.
    public var isModeratorView: Bool {
        if case .states = selection { return true }
        return false
    }
}

/// A comment as an export shows it. In the readers' view a tombstone keeps its place but
/// neither body nor author, and a censored comment shows its censored text.
struct ExportedComment {
    var id: Int64
    var articleKey: String
    var parentID: Int64?
    var depth: Int
    var author: String?
    var body: String?
    var createdAt: Date
    var editedAt: Date?
    var score: Int
    var upvotes: Int
    var downvotes: Int
    var deleted: Bool
    var record: CommentRecord

    init(_ record: CommentRecord, tombstone: Bool, articleKey: String, moderatorView: Bool) {
        id = record.id
        self.articleKey = articleKey
        parentID = record.parentId
        depth = record.depth
        createdAt = record.createdAt
        editedAt = record.editedAt
        score = record.score
        upvotes = record.upvotes
        downvotes = record.downvotes
        deleted = tombstone || record.deleted
        self.record = record
        if moderatorView {
            author = record.authorName
            body = record.body
        } else if tombstone {
            author = nil
            body = nil
        } else {
            author = record.authorName
            body = record.censoredBody ?? record.body
        }
    }
}

/// Turns a stream of comments (articles in order, each thread in path order) into bytes.
/// One writer serves one export, on one thread at a time.
protocol ThreadWriter: AnyObject {
    func begin() throws
    func write(_ comment: CommentRecord, tombstone: Bool) throws
    func finish() throws
}
