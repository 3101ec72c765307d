/// Walks a trie over the units of a view, from one position, forwards or backwards.
///
/// The walk keeps a small set of active nodes rather than one: a leet unit offers several
/// symbols (`1` is itself, `i` and `l`), and with `repeats` a repeat of the letter that led into
/// a node may also stay on that node (`idiooot` → `idiot`; but `pop` never reaches `poop`,
/// since the entry's own letters are all consumed). Active sets stay tiny in practice; a cap
/// bounds the worst case.
struct TrieWalker {
    static let maxActive = 64

    let trie: Trie
    let symbols: SymbolTable
    let absorbRepeats: Bool

    /// Whether a walk from this unit gets past the root.
    @inline(__always) func canStart(_ unit: TextUnit) -> Bool {
        if trie.child(0, symbols.symbol(unit.scalar)) >= 0 { return true }
        guard unit.leet != 0 else { return false }
        let (first, second) = symbols.leetSymbols(unit.leet)
        return (first != 0 && trie.child(0, first) >= 0) || (second != 0 && trie.child(0, second) >= 0)
    }

    /// Calls `onAccept` with each accept of each node reached and the index of the last unit
    /// consumed to reach it. `scratch` holds `2 * maxActive` node slots.
    @inline(__always)
    func walk(_ units: UnsafeBufferPointer<TextUnit>, from start: Int, step: Int,
              scratch: UnsafeMutablePointer<Int32>, onAccept: (TrieAccept, Int) -> Void) {
        var current = scratch, next = scratch + Self.maxActive
        current[0] = 0
        var currentCount = 1
        var index = start
        while index >= 0 && index < units.count {
            let unit = units[index]
            let literal = symbols.symbol(unit.scalar)
            let (first, second) = unit.leet == 0 ? (0, 0) : symbols.leetSymbols(unit.leet)
            var nextCount = 0
            @inline(__always) func add(_ node: Int32) {
                var seen = 0
                while seen < nextCount {
                    if next[seen] == node { return }
                    seen &+= 1
                }
                if nextCount < Self.maxActive {
                    next[nextCount] = node
                    nextCount &+= 1
                }
            }
            for position in 0..<currentCount {
                let node = current[position]
                if literal != 0 { let child = trie.child(node, literal); if child >= 0 { add(child) } }
                if first != 0 { let child = trie.child(node, first); if child >= 0 { add(child) } }
                if second != 0 { let child = trie.child(node, second); if child >= 0 { add(child) } }
                if absorbRepeats {
                    let absorb = trie.nodes[Int(node)].absorb
                    if absorb != 0 && (absorb == literal || absorb == first || absorb == second) { add(node) }
                }
            }
            if nextCount == 0 { return }
            for position in 0..<nextCount {
                let node = trie.nodes[Int(next[position])]
                guard node.acceptCount > 0 else { continue }
                for accept in Int(node.acceptStart)..<Int(node.acceptStart + node.acceptCount) {
                    onAccept(trie.accepts[accept], index)
                }
            }
            swap(&current, &next)
            currentCount = nextCount
            index &+= step
        }
    }
}
