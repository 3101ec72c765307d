import ParleyCore

/// Walks an export's articles alongside its comments, which arrive grouped by article in the
/// same order. Every article is opened and closed once, those without comments included, so
/// a writer only says how to open and close one.
struct ArticleCursor {
    private var pending: ArraySlice<ArticleRecord>
    private(set) var current: ArticleRecord?

    init(_ articles: [ArticleRecord]) {
        pending = articles[...]
    }

    /// Makes the article of `articleID` the open one, closing the open one and passing through
    /// any in between. False when no article of the export has that id.
    mutating func move(to articleID: Int64, open: (ArticleRecord) -> Void, close: () -> Void) -> Bool {
        if current?.id == articleID { return true }
        if current != nil { close() }
        current = nil
        while let next = pending.popFirst() {
            open(next)
            if next.id == articleID {
                current = next
                return true
            }
            close()
        }
        return false
    }

    /// Closes the open article and opens and closes the ones that had no comments left.
    mutating func finish(open: (ArticleRecord) -> Void, close: () -> Void) {
        if current != nil { close() }
        current = nil
        while let next = pending.popFirst() {
            open(next)
            close()
        }
    }
}
