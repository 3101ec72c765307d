/// Aho–Corasick over `SymbolTable` symbols: one transition per unit of the phrase view, however
/// many phrases there are. Transitions come from a full table when it fits `tableBudget` cells
/// (any realistic phrase list), else from the trie and failure links.
///
/// The matcher holds a state as a `code`: the state's row offset (or, without a table, its
/// number) shifted left once, with bit 0 set when phrases end there — so the hot loop is one
/// add and one load per unit, with no multiply on the dependency chain.
final class PhraseAutomaton: @unchecked Sendable {
    static var tableBudget: Int { 1 << 22 }

    let width: Int
    let stateCount: Int
    /// The most symbols in one phrase.
    let longest: Int
    private let table: UnsafeMutableBufferPointer<Int32>
    private let firstChild: UnsafeMutableBufferPointer<Int32>
    private let childCount: UnsafeMutableBufferPointer<Int32>
    private let symbol: UnsafeMutableBufferPointer<UInt16>
    private let fail: UnsafeMutableBufferPointer<Int32>
    /// Per state: the state whose own accepts to report first (itself or the nearest on its
    /// failure chain), or -1 when no phrase ends here.
    let reportFrom: UnsafeMutableBufferPointer<Int32>
    /// Per state: the next state down the failure chain with accepts of its own, or -1.
    let nextReport: UnsafeMutableBufferPointer<Int32>
    /// Per state: its own accepts, as a range into `accepts`.
    let acceptRange: UnsafeMutableBufferPointer<(start: Int32, end: Int32)>
    let accepts: UnsafeMutableBufferPointer<TrieAccept>
    /// Bit per symbol pair (first * width + second): some phrase starts with it. A phrase of one
    /// symbol sets every pair it starts, including (symbol, 0) for the end of the text.
    private let startPairs: UnsafeMutableBufferPointer<UInt64>
    /// Whether skipping by `startPairs` pays: only when phrases begin in few ways. Otherwise
    /// candidates are frequent and leaving and re-entering the skip loop costs more than it saves.
    let skipsByStartPairs: Bool

    init(_ layout: TrieLayout, width: Int) {
        self.width = width
        stateCount = layout.count
        longest = layout.accepts.joined().map { Int($0.length) }.max() ?? 0
        firstChild = Self.copy(layout.firstChild)
        childCount = Self.copy(layout.childCount)
        symbol = Self.copy(layout.symbol)
        var fail = [Int32](repeating: 0, count: stateCount)
        var nextReport = [Int32](repeating: -1, count: stateCount)
        var reportFrom = [Int32](repeating: -1, count: stateCount)
        var ranges = [(start: Int32, end: Int32)]()
        var acceptList = [TrieAccept]()
        for state in 0..<stateCount {
            ranges.append((Int32(acceptList.count), Int32(acceptList.count + layout.accepts[state].count)))
            acceptList.append(contentsOf: layout.accepts[state])
        }
        let useTable = stateCount * width <= Self.tableBudget
        var table = [Int32](repeating: 0, count: useTable ? stateCount * width : 0)
        // Breadth-first: a state's failure (and its row) come from shallower states, already done.
        for state in 0..<stateCount {
            if state > 0 {
                let parent = Int(layout.parent[state]), symbol = Int(layout.symbol[state])
                if parent != 0 {
                    fail[state] = useTable
                        ? table[Int(fail[parent]) * width + symbol]
                        : Self.transition(from: fail[parent], symbol, layout, fail)
                }
                let suffix = Int(fail[state])
                nextReport[state] = ranges[suffix].start < ranges[suffix].end ? Int32(suffix) : nextReport[suffix]
            }
            reportFrom[state] = ranges[state].start < ranges[state].end ? Int32(state) : nextReport[state]
            guard useTable else { continue }
            if state > 0 {
                let fallback = Int(fail[state]) * width
                for symbol in 0..<width { table[state * width + symbol] = table[fallback + symbol] }
            }
            for child in layout.children(of: state) { table[state * width + Int(layout.symbol[child])] = Int32(child) }
        }
        for cell in table.indices {
            let target = Int(table[cell])
            table[cell] = Int32(target * width) << 1 | (reportFrom[target] >= 0 ? 1 : 0)
        }
        var pairs = [UInt64](repeating: 0, count: (width * width + 63) / 64)
        var pairCount = 0
        for first in layout.children(of: 0) {
            let seconds = layout.accepts[first].isEmpty
                ? layout.children(of: first).map { Int(layout.symbol[$0]) } : Array(0..<width)
            pairCount += seconds.count
            for second in seconds {
                let bit = Int(layout.symbol[first]) * width + second
                pairs[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        startPairs = Self.copy(pairs)
        skipsByStartPairs = pairCount <= 12
        self.table = Self.copy(table)
        self.fail = Self.copy(fail)
        self.nextReport = Self.copy(nextReport)
        self.reportFrom = Self.copy(reportFrom)
        acceptRange = Self.copy(ranges)
        accepts = Self.copy(acceptList)
    }

    deinit {
        for buffer in [table, firstChild, childCount, fail, nextReport, reportFrom] { buffer.deallocate() }
        symbol.deallocate()
        startPairs.deallocate()
        acceptRange.deallocate()
        accepts.deallocate()
    }

    /// True when no phrase was inserted.
    var isEmpty: Bool { stateCount == 1 }

    /// The code of the root state.
    static var startCode: Int32 { 0 }

    /// The code after reading `symbol` in the state of `code`.
    @inline(__always) func next(_ code: Int32, _ symbol: UInt16) -> Int32 {
        if !table.isEmpty { return table[Int(code >> 1) &+ Int(symbol)] }
        var state = code >> 1
        while true {
            if let child = child(of: state, symbol) { return child << 1 | (reportFrom[Int(child)] >= 0 ? 1 : 0) }
            if state == 0 { return 0 }
            state = fail[Int(state)]
        }
    }

    /// Whether a phrase may start with these two symbols (`second` 0 at the end of the text).
    @inline(__always) func mayStart(_ first: UInt16, _ second: UInt16) -> Bool {
        let bit = Int(first) &* width &+ Int(second)
        return startPairs[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// The state number of a code.
    func state(of code: Int32) -> Int {
        table.isEmpty ? Int(code >> 1) : Int(code >> 1) / width
    }

    private func child(of state: Int32, _ wanted: UInt16) -> Int32? {
        let first = Int(firstChild[Int(state)])
        for child in first..<first + Int(childCount[Int(state)]) where symbol[child] == wanted { return Int32(child) }
        return nil
    }

    /// A transition by failure links, for construction without a table.
    private static func transition(from state: Int32, _ symbol: Int, _ layout: TrieLayout, _ fail: [Int32]) -> Int32 {
        var state = Int(state)
        while true {
            for child in layout.children(of: state) where Int(layout.symbol[child]) == symbol { return Int32(child) }
            if state == 0 { return 0 }
            state = Int(fail[state])
        }
    }

    private static func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
        _ = buffer.initialize(from: array)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
    }

    var memoryFootprint: Int {
        table.count * 4 + startPairs.count * 8 + stateCount * (4 + 4 + 2 + 4 + 4 + 4 + 8) + accepts.count * MemoryLayout<TrieAccept>.stride
    }
}
