import Foundation

/// The consumer's memory of events already handled: the highest id, and the last few
/// thousand ids (a transaction may commit after one that took a later id).
struct LiveCursor {
    var highest: Int64?
    private var recent: Set<Int64> = []
    private var order: [Int64] = []
    private var next = 0
    static let remembered = 4096

    /// Records the id; false when it was handled before.
    mutating func note(_ id: Int64) -> Bool {
        guard recent.insert(id).inserted else { return false }
        if order.count < Self.remembered {
            order.append(id)
        } else {
            recent.remove(order[next])
            order[next] = id
            next = (next + 1) % Self.remembered
        }
        highest = max(highest ?? id, id)
        return true
    }
}
