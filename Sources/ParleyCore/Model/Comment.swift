import Foundation

/// A stored comment, as storage returns it.
public struct Comment: Sendable, Equatable, Codable {
    public var id: Int64
    public var articleID: Int64
    public var parentID: Int64?
    public var rootID: Int64
    public var depth: Int
    public var authorID: Int64
    public var authorName: String
    /// The text as the author wrote it.
    public var body: String
    /// The text readers see when moderation masked words in it; nil when nothing was masked.
    public var censoredBody: String?
    public var state: CommentState
    public var score: Int
    public var deleted: Bool
    public var createdAt: Date
    public var editedAt: Date?
    /// The author was a signed-in reader when posting.
    public var authorVerified: Bool
    /// The visible text rendered when it was written, nil when not stored (or stored by an
    /// older version of the renderer).
    public var html: String?

    public init(
        id: Int64, articleID: Int64, parentID: Int64?, rootID: Int64, depth: Int, authorID: Int64,
        authorName: String, body: String, censoredBody: String? = nil, state: CommentState, score: Int = 0, deleted: Bool = false,
        createdAt: Date, editedAt: Date? = nil, authorVerified: Bool = false, html: String? = nil
    ) {
        self.html = html
        self.id = id
        self.articleID = articleID
        self.parentID = parentID
        self.rootID = rootID
        self.depth = depth
        self.authorID = authorID
        self.authorName = authorName
        self.body = body
        self.censoredBody = censoredBody
        self.state = state
        self.score = score
        self.deleted = deleted
        self.createdAt = createdAt
        self.editedAt = editedAt
        self.authorVerified = authorVerified
    }

    /// What readers are shown of the text.
    public var visibleBody: String { censoredBody ?? body }

    /// Readers see it in full: visible state and not deleted.
    public var isShownToReaders: Bool { state.isVisible && !deleted }
}
