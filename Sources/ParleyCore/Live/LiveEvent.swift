import Foundation

/// Something readers with an open page should hear about (sql/0011_live_events.sql), with
/// what they need to show it: the comment as it is now and the article's visible count.
public struct LiveEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A comment became visible, or a visible comment changed.
        case comment
        /// A comment left the page.
        case removed
    }

    public var id: Int64
    public var articleID: Int64
    public var kind: Kind
    public var commentID: Int64
    /// The comment as it is when the event is read; nil when it no longer exists.
    public var comment: Comment?
    /// Visible comments of the article when the event is read.
    public var visibleCount: Int

    public init(id: Int64, articleID: Int64, kind: Kind, commentID: Int64, comment: Comment?, visibleCount: Int) {
        self.id = id
        self.articleID = articleID
        self.kind = kind
        self.commentID = commentID
        self.comment = comment
        self.visibleCount = visibleCount
    }

    /// Whether readers should see the comment now. An event read late tells the truth of
    /// the moment it is read: a comment already removed again is sent as removed.
    public var showsComment: Bool {
        kind == .comment && comment?.isShownToReaders == true
    }
}
