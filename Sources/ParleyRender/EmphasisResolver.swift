/// Pairs `*`/`_` runs into `<em>` and `<strong>`, in time linear in the number of runs.
///
/// Like CommonMark, a closer pairs with the nearest earlier opener of the same marker that the
/// "rule of 3" allows, and every opener between the two becomes text. Instead of walking back
/// through the openers, they are kept on twelve stacks, one per marker, length modulo 3 and
/// whether the run can also close: the rule depends on nothing else, so the candidate is the
/// newest top among the six stacks of the marker. Each match removes an opener or finishes the
/// closer, and each opener is pushed and removed once.
struct EmphasisResolver {
    private var stacks = [[Int]](repeating: [], count: 12)

    static func resolve(_ ids: some Sequence<Int>, in delimiters: inout [Delimiter]) {
        var resolver = EmphasisResolver()
        for id in ids {
            if delimiters[id].canClose { resolver.close(id, in: &delimiters) }
            if delimiters[id].canOpen, delimiters[id].remaining > 0 {
                resolver.stacks[stack(of: delimiters[id])].append(id)
            }
        }
    }

    private static func stack(of delimiter: Delimiter) -> Int {
        (delimiter.marker == "*" ? 0 : 6) + (delimiter.length % 3) * 2 + (delimiter.canClose ? 1 : 0)
    }

    private mutating func close(_ closer: Int, in delimiters: inout [Delimiter]) {
        while delimiters[closer].remaining > 0, let opener = opener(for: delimiters[closer]) {
            let used = min(delimiters[opener].remaining, delimiters[closer].remaining) >= 2 ? 2 : 1
            let emphasis: Emphasis = used == 2 ? .strong : .em
            delimiters[opener].remaining -= used
            delimiters[opener].opens.append(emphasis)
            delimiters[closer].remaining -= used
            delimiters[closer].closes.append(emphasis)
            for index in stacks.indices {
                while let top = stacks[index].last, top > opener { stacks[index].removeLast() }
            }
            if delimiters[opener].remaining == 0 { stacks[Self.stack(of: delimiters[opener])].removeLast() }
        }
    }

    private func opener(for closer: Delimiter) -> Int? {
        let first = closer.marker == "*" ? 0 : 6
        var best: Int?
        for index in first..<(first + 6) {
            guard let top = stacks[index].last, top > best ?? -1 else { continue }
            let length = (index - first) / 2
            let bothWays = index % 2 == 1 || (closer.canOpen && closer.canClose)
            if bothWays, (length + closer.length) % 3 == 0, length != 0 || closer.length % 3 != 0 { continue }
            best = top
        }
        return best
    }
}
