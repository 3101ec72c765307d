/// Finds a base for each node of a `TrieLayout` so that all children land in free cells of one
/// array (first fit, nodes in breadth-first order, so the levels every walk touches come first).
struct DoubleArrayPlacement {
    let width: Int
    var cells: [Trie.Cell]
    private var used: [Bool]
    private var firstFree = 1

    init(width: Int) {
        self.width = width
        cells = [Trie.Cell](repeating: Trie.Cell(base: 0, check: -1), count: width + 1)
        used = [Bool](repeating: false, count: width + 1)
        used[0] = true
    }

    /// Places every node; returns each node's cell. Cell 0 is the root.
    mutating func place(_ layout: TrieLayout) -> [Int32] {
        var cellOf = [Int32](repeating: 0, count: layout.count)
        for node in 0..<layout.count {
            let children = layout.children(of: node)
            let cell = Int(cellOf[node])
            guard !children.isEmpty else { continue }
            let symbols = children.map { Int(layout.symbol[$0]) }
            let base = findBase(for: symbols)
            cells[cell].base = Int32(base)
            for (child, symbol) in zip(children, symbols) {
                used[base + symbol] = true
                cells[base + symbol].check = Int32(cell)
                cellOf[child] = Int32(base + symbol)
            }
            while firstFree < used.count && used[firstFree] { firstFree += 1 }
        }
        return cellOf
    }

    private mutating func findBase(for symbols: [Int]) -> Int {
        var position = firstFree
        while true {
            let base = position - symbols[0]
            if base >= 0 {
                grow(to: base + width + 1)
                if symbols.allSatisfy({ !used[base + $0] }) { return base }
            }
            position += 1
            grow(to: position + 1)
            while used[position] {
                position += 1
                grow(to: position + 1)
            }
        }
    }

    private mutating func grow(to size: Int) {
        guard size > used.count else { return }
        let extra = max(size - used.count, used.count / 2)
        used.append(contentsOf: repeatElement(false, count: extra))
        cells.append(contentsOf: repeatElement(Trie.Cell(base: 0, check: -1), count: extra))
    }
}
