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
    /// Number of symbols from the root to the accepting node.
    var length: Int32
    var kind: Kind
}

/// A frozen trie as a double array: the child of the node in cell `n` along symbol `s` is cell
/// `cells[n].base + s` if that cell's `check` is `n`. One load per step, and the loaded cell
/// carries what the next step needs (its base) and whether entries end there.
final class Trie: @unchecked Sendable {
    struct Cell {
        /// The base, with `acceptsFlag` set when entries end at this node.
        var base: Int32
        /// The parent cell, or -1 for a free cell (and the root).
        var check: Int32

        static var acceptsFlag: Int32 { 1 << 30 }
        static var baseMask: Int32 { acceptsFlag - 1 }
        @inline(__always) var hasAccepts: Bool { base & Self.acceptsFlag != 0 }
    }

    let cells: UnsafeMutableBufferPointer<Cell>
    /// Per cell: the first of its node's entries in `accepts` (meaningful where `hasAccepts`).
    let acceptStart: UnsafeMutableBufferPointer<Int32>
    /// Each node's accepts are consecutive; `lastOfNode` ends the group.
    let accepts: UnsafeMutableBufferPointer<(accept: TrieAccept, lastOfNode: Bool)>
    let nodeCount: Int

    init(_ layout: TrieLayout, width: Int) {
        var placement = DoubleArrayPlacement(width: width)
        let cellOf = placement.place(layout)
        var acceptList = [(accept: TrieAccept, lastOfNode: Bool)]()
        var starts = [Int32](repeating: -1, count: placement.cells.count)
        for node in 0..<layout.count where !layout.accepts[node].isEmpty {
            placement.cells[Int(cellOf[node])].base |= Cell.acceptsFlag
            starts[Int(cellOf[node])] = Int32(acceptList.count)
            for (index, accept) in layout.accepts[node].enumerated() {
                acceptList.append((accept, index == layout.accepts[node].count - 1))
            }
        }
        precondition(placement.cells.count < Int(Cell.acceptsFlag), "word list too large")
        cells = .allocate(capacity: placement.cells.count)
        _ = cells.initialize(from: placement.cells)
        acceptStart = .allocate(capacity: starts.count)
        _ = acceptStart.initialize(from: starts)
        accepts = .allocate(capacity: max(acceptList.count, 1))
        _ = accepts.initialize(from: acceptList)
        nodeCount = layout.count
    }

    deinit {
        cells.deallocate()
        acceptStart.deallocate()
        accepts.deallocate()
    }

    /// True when no entry was inserted.
    var isEmpty: Bool { nodeCount == 1 }

    /// The child of `node` along `symbol`, or -1 (always for symbol 0, which no edge carries).
    @inline(__always) func child(_ node: Int32, _ symbol: UInt16) -> Int32 {
        let cell = Int(cells[Int(node)].base & Cell.baseMask) &+ Int(symbol)
        return cells[cell].check == node ? Int32(cell) : -1
    }

    /// The symbol on the edge into `node` (not the root).
    func inSymbol(_ node: Int32) -> UInt16 {
        UInt16(truncatingIfNeeded: Int(node) - Int(cells[Int(cells[Int(node)].check)].base & Cell.baseMask))
    }

    var memoryFootprint: Int {
        cells.count * (MemoryLayout<Cell>.stride + 4) + accepts.count * MemoryLayout<(accept: TrieAccept, lastOfNode: Bool)>.stride
    }
}
