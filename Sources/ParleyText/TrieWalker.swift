/// Walks a `Trie` over the units of a view, from one position, forwards or backwards.
///
/// The walk keeps a small set of active nodes rather than one: a leet unit offers several
/// symbols (`1` is itself, `i` and `l`), and with `repeats` a repeat of the letter that led into
/// a node may also stay on that node (`idiooot` → `idiot`; but `pop` never reaches `poop`,
/// since the entry's own letters are all consumed). A single-node loop handles the usual case;
/// the set only comes into play when a unit offers a choice. A cap bounds the worst case.
struct TrieWalker {
    static var maxActive: Int { 64 }
    private static var noLetter: UInt16 { .max }

    let trie: Trie
    let symbols: SymbolTable
    let absorbRepeats: Bool

    /// Calls `onAccept` with each accept of each node reached and the index of the last unit
    /// consumed to reach it. `scratch` holds `2 * maxActive` node slots.
    @inline(__always)
    func walk(_ units: UnsafeBufferPointer<TextUnit>, from start: Int, step: Int,
              scratch: UnsafeMutablePointer<Int32>, onAccept: (TrieAccept, Int) -> Void) {
        let cells = trie.cells
        var node: Int32 = 0
        var base = Int(cells[0].base & Trie.Cell.baseMask)
        var lastLetter = Self.noLetter
        var index = start
        let count = units.count
        while index >= 0 && index < count {
            let unit = units[index]
            if unit.leet != 0 { break }
            let symbol = symbols.symbol(unit.scalar)
            let cell = cells[base &+ Int(symbol)]
            let absorbs = absorbRepeats && symbol == lastLetter
            if cell.check == node {
                if absorbs { break }
                node = Int32(truncatingIfNeeded: base &+ Int(symbol))
                base = Int(cell.base & Trie.Cell.baseMask)
                lastLetter = symbols.isLetter[Int(symbol)] ? symbol : Self.noLetter
                if cell.hasAccepts { reportAccepts(node, index, onAccept) }
            } else if absorbs {
                if cells[Int(node)].hasAccepts { reportAccepts(node, index, onAccept) }
            } else {
                return
            }
            index &+= step
        }
        guard index >= 0 && index < count else { return }
        walkSet(units, from: index, step: step, node: node, scratch: scratch, onAccept: onAccept)
    }

    /// The general walk, from `node` at `start`, with a set of active nodes.
    private func walkSet(_ units: UnsafeBufferPointer<TextUnit>, from start: Int, step: Int, node: Int32,
                         scratch: UnsafeMutablePointer<Int32>, onAccept: (TrieAccept, Int) -> Void) {
        var current = scratch, next = scratch + Self.maxActive
        current[0] = node
        var currentCount = 1
        var index = start
        while index >= 0 && index < units.count {
            let unit = units[index]
            let literal = symbols.symbol(unit.scalar)
            let (first, second) = unit.leet == 0 ? (0, 0) : symbols.leetSymbols(unit.leet)
            var nextCount = 0
            func add(_ node: Int32) {
                if node < 0 { return }
                for seen in 0..<nextCount where next[seen] == node { return }
                if nextCount < Self.maxActive {
                    next[nextCount] = node
                    nextCount += 1
                }
            }
            for position in 0..<currentCount {
                let node = current[position]
                add(trie.child(node, literal))
                add(trie.child(node, first))
                add(trie.child(node, second))
                if absorbRepeats && node != 0 {
                    let absorb = trie.inSymbol(node)
                    if symbols.isLetter[Int(absorb)] && (absorb == literal || absorb == first || absorb == second) {
                        add(node)
                    }
                }
            }
            if nextCount == 0 { return }
            for position in 0..<nextCount where trie.cells[Int(next[position])].hasAccepts {
                reportAccepts(next[position], index, onAccept)
            }
            swap(&current, &next)
            currentCount = nextCount
            index += step
        }
    }

    @inline(__always)
    private func reportAccepts(_ node: Int32, _ index: Int, _ onAccept: (TrieAccept, Int) -> Void) {
        var position = Int(trie.acceptStart[Int(node)])
        while true {
            let (accept, last) = trie.accepts[position]
            onAccept(accept, index)
            if last { return }
            position &+= 1
        }
    }
}
