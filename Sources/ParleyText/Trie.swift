/// What reaching a trie node means for one entry.
struct TrieAccept: Sendable {
    enum Kind: UInt8 {
        /// A whole-word entry: matches when the node is reached at the end of a word.
        case wordEnd
        /// A phrase: matches wherever the node is reached.
        case anywhere
        /// A `*` entry: matches wherever the node is reached, widened to whole words on the `*` side(s).
        case wildcard
    }

    var entry: Int32
    var kind: Kind
}

/// A frozen trie over `SymbolTable` symbols: compact child lists (a dense row for nodes with
/// many children), and per node the letter a repeat of which may be absorbed there.
final class Trie: @unchecked Sendable {
    struct Node {
        var edgeStart: Int32
        var edgeCount: Int32
        /// Row in `dense`, or -1 when the children are found by scanning the edge list.
        var denseRow: Int32
        var acceptStart: Int32
        var acceptCount: Int32
        /// The letter symbol on the edge into this node (0 if none): a repeat of it stays here.
        var absorb: UInt16
    }

    let nodes: UnsafeMutableBufferPointer<Node>
    let edgeSymbols: UnsafeMutableBufferPointer<UInt16>
    let edgeTargets: UnsafeMutableBufferPointer<Int32>
    let dense: UnsafeMutableBufferPointer<Int32>
    let accepts: UnsafeMutableBufferPointer<TrieAccept>
    let width: Int

    init(nodes: [Node], edgeSymbols: [UInt16], edgeTargets: [Int32], dense: [Int32],
         accepts: [TrieAccept], width: Int) {
        func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
            _ = buffer.initialize(from: array)
            return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
        }
        self.nodes = copy(nodes)
        self.edgeSymbols = copy(edgeSymbols)
        self.edgeTargets = copy(edgeTargets)
        self.dense = copy(dense)
        self.accepts = copy(accepts)
        self.width = width
    }

    deinit {
        for base in [UnsafeMutableRawPointer(nodes.baseAddress), UnsafeMutableRawPointer(edgeSymbols.baseAddress),
                     UnsafeMutableRawPointer(edgeTargets.baseAddress), UnsafeMutableRawPointer(dense.baseAddress),
                     UnsafeMutableRawPointer(accepts.baseAddress)] {
            base?.deallocate()
        }
    }

    /// True when no entry was inserted (only the root exists).
    var isEmpty: Bool { accepts.isEmpty }

    @inline(__always) func child(_ node: Int32, _ symbol: UInt16) -> Int32 {
        let entry = nodes[Int(node)]
        if entry.denseRow >= 0 { return dense[Int(entry.denseRow) &* width &+ Int(symbol)] }
        var index = Int(entry.edgeStart)
        let end = index &+ Int(entry.edgeCount)
        while index < end {
            if edgeSymbols[index] == symbol { return edgeTargets[index] }
            index &+= 1
        }
        return -1
    }

    var memoryFootprint: Int {
        nodes.count * MemoryLayout<Node>.stride + edgeSymbols.count * 2 + edgeTargets.count * 4
            + dense.count * 4 + accepts.count * MemoryLayout<TrieAccept>.stride
    }
}
