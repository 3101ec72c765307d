/// Collects entries as symbol sequences, then freezes them into a `Trie`.
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

    /// Nodes with at least this many children (and the root) get a dense row of `width` slots.
    private static func denseThreshold(width: Int) -> Int { max(4, width / 16) }

    func build(isLetter: [Bool]) -> Trie {
        let width = isLetter.count
        let count = parents.count
        var childCount = [Int32](repeating: 0, count: count)
        for parent in parents.dropFirst() { childCount[Int(parent)] += 1 }

        var nodes = [Trie.Node]()
        nodes.reserveCapacity(count)
        var edgeTotal: Int32 = 0, rows: Int32 = 0
        var acceptList = [TrieAccept]()
        for node in 0..<count {
            let isDense = node == 0 || Int(childCount[node]) >= Self.denseThreshold(width: width)
            let inSymbol = inSymbols[node]
            let nodeAccepts = accepts[Int32(node)] ?? []
            nodes.append(Trie.Node(
                edgeStart: edgeTotal, edgeCount: 0, denseRow: isDense ? rows : -1,
                acceptStart: Int32(acceptList.count), acceptCount: Int32(nodeAccepts.count),
                absorb: node > 0 && isLetter[Int(inSymbol)] ? inSymbol : 0))
            acceptList.append(contentsOf: nodeAccepts)
            edgeTotal += childCount[node]
            if isDense { rows += 1 }
        }

        var edgeSymbols = [UInt16](repeating: 0, count: Int(edgeTotal))
        var edgeTargets = [Int32](repeating: -1, count: Int(edgeTotal))
        var dense = [Int32](repeating: -1, count: Int(rows) * width)
        for child in 1..<count {
            let parent = Int(parents[child])
            let symbol = inSymbols[child]
            let slot = Int(nodes[parent].edgeStart + nodes[parent].edgeCount)
            nodes[parent].edgeCount += 1
            edgeSymbols[slot] = symbol
            edgeTargets[slot] = Int32(child)
            if nodes[parent].denseRow >= 0 { dense[Int(nodes[parent].denseRow) * width + Int(symbol)] = Int32(child) }
        }
        return Trie(nodes: nodes, edgeSymbols: edgeSymbols, edgeTargets: edgeTargets, dense: dense,
                    accepts: acceptList, width: width)
    }
}
