import CRE2

/// Every regex of a ruleset matched together: one pass over the text tells which patterns
/// match (RE2's Set, a DFA), and only those are run alone to locate their match.
public final class RegexSet: @unchecked Sendable {
    public let regexes: [CompiledRegex]
    private let handle: OpaquePointer?

    public init(_ regexes: [CompiledRegex]) {
        self.regexes = regexes
        guard !regexes.isEmpty else {
            handle = nil
            return
        }
        let set = parley_re2_set_new(1, CompiledRegex.maximumMemory * 4)!
        var usable = true
        for regex in regexes {
            var utf8 = Array(regex.pattern.utf8)
            let index = utf8.withUnsafeMutableBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { parley_re2_set_add(set, $0.baseAddress, $0.count, nil, 0) }
            }
            if index < 0 { usable = false }
        }
        if usable && parley_re2_set_compile(set) == 1 {
            handle = set
        } else {
            parley_re2_set_free(set)
            handle = nil
        }
    }

    deinit {
        if let handle { parley_re2_set_free(handle) }
    }

    /// Indices (into `regexes`) of the patterns that match somewhere in `text`.
    public func matchingIndices(in text: String) -> [Int] {
        guard !regexes.isEmpty else { return [] }
        if let handle {
            var text = text
            let found: [Int]? = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    var indices = [Int32](repeating: 0, count: regexes.count)
                    let count = parley_re2_set_match(handle, chars.baseAddress, chars.count, &indices, Int32(indices.count))
                    if count < 0 { return nil }
                    return indices.prefix(Int(count)).map(Int.init)
                }
            }
            if let found { return found.sorted() }
        }
        // The set's DFA ran out of memory (or the set could not be built): one by one, still linear.
        return regexes.indices.filter { regexes[$0].firstMatch(in: text) != nil }
    }
}
