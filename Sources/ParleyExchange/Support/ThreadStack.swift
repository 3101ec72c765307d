/// The chain of open comments while a thread streams by in path order. A comment whose
/// parent is not in the export (a moderators' selection can leave it out) starts at the top.
struct ThreadStack {
    private(set) var ids: [Int64] = []

    /// Closes the comments the next one is not inside, calling `close` for each, innermost first.
    mutating func enter(parent: Int64?, closing close: (Int64) -> Void) {
        while let top = ids.last, top != parent {
            close(top)
            ids.removeLast()
        }
    }

    mutating func push(_ id: Int64) {
        ids.append(id)
    }

    mutating func closeAll(_ close: (Int64) -> Void) {
        while let top = ids.popLast() { close(top) }
    }

    var depth: Int { ids.count }
}
