/// Collects entries as symbol sequences, then lays the trie out breadth-first (`TrieLayout`),
/// from which `Trie` and `PhraseAutomaton` are frozen.
struct TrieBuilder {
    private var edges: [UInt64: Int32] = [:]
    private var parents: [Int32] = [-1]
    private var inSymbols: [UInt16] = [0]
    private var accepts: [Int32: [TrieAccept]] = [:]

    mutating func insert(_ symbols: [UInt16], accept: TrieAccept) {
        var node: Int32 = 0
        for symbol in symbols {
            let key = UInt64(node) << 16 | UInt64(symbol)
            if let next = edges[key] {
                node = next
            } else {
                let next = Int32(parents.count)
                edges[key] = next
                parents.append(node)
                inSymbols.append(symbol)
                node = next
            }
        }
        accepts[node, default: []].append(accept)
    }

    /// Nodes renumbered breadth-first, children of a node consecutive and sorted by symbol.
    func layout() -> TrieLayout {
        let count = parents.count
        var childStart = [Int](repeating: 0, count: count + 1)
        for parent in parents.dropFirst() { childStart[Int(parent) + 1] += 1 }
        for node in 0..<count { childStart[node + 1] += childStart[node] }
        var children = [Int32](repeating: 0, count: max(count - 1, 0))
        var filled = childStart
        for node in 1..<max(count, 1) {
            let parent = Int(parents[node])
            children[filled[parent]] = Int32(node)
            filled[parent] += 1
        }
        var layout = TrieLayout()
        var order: [Int32] = [0]
        order.reserveCapacity(count)
        var position = 0
        while position < order.count {
            let old = Int(order[position])
            let kids = children[childStart[old]..<childStart[old + 1]].sorted { inSymbols[Int($0)] < inSymbols[Int($1)] }
            layout.firstChild.append(Int32(order.count))
            layout.childCount.append(Int32(kids.count))
            layout.symbol.append(inSymbols[old])
            layout.accepts.append(accepts[Int32(old)] ?? [])
            for kid in kids {
                layout.parent.append(Int32(position))
                order.append(kid)
            }
            position += 1
        }
        layout.parent.insert(-1, at: 0)
        return layout
    }
}

/// A trie numbered breadth-first: node 0 is the root, and node `n`'s children are
/// `firstChild[n] ..< firstChild[n] + childCount[n]`, in symbol order.
struct TrieLayout {
    var parent: [Int32] = []
    var symbol: [UInt16] = []
    var firstChild: [Int32] = []
    var childCount: [Int32] = []
    var accepts: [[TrieAccept]] = []

    var count: Int { symbol.count }

    func children(of node: Int) -> Range<Int> {
        Int(firstChild[node])..<Int(firstChild[node] + childCount[node])
    }
}
