/// A comment with its replies, as a reader (or a moderator) sees the discussion.
public struct ThreadNode: Sendable, Equatable {
    public var comment: Comment
    /// Kept only to hold the thread's shape: deleted or hidden, but with visible replies.
    /// A tombstone shows neither body nor author.
    public var isTombstone: Bool
    public var replies: [ThreadNode]

    public init(comment: Comment, isTombstone: Bool = false, replies: [ThreadNode] = []) {
        self.comment = comment
        self.isTombstone = isTombstone
        self.replies = replies
    }

    /// This node and every reply below it, depth-first.
    public var count: Int {
        var total = 0
        var pending = [self]
        while let node = pending.popLast() {
            total += 1
            pending.append(contentsOf: node.replies)
        }
        return total
    }
}

/// A page of top-level threads of one article.
public struct ThreadPage: Sendable, Equatable {
    public var article: Article
    public var threads: [ThreadNode]
    /// Where the next page starts; nil on the last page (or for a whole discussion).
    public var nextCursor: ThreadCursor?

    public init(article: Article, threads: [ThreadNode], nextCursor: ThreadCursor?) {
        self.article = article
        self.threads = threads
        self.nextCursor = nextCursor
    }
}
