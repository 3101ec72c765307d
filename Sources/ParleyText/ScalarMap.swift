import Synchronization

/// The normalized output of every non-ASCII code point for one combination of the scalar steps
/// (case, width-and-compat, diacritics, invisible, confusables), composed from `UnicodeTables`
/// once and then read without locks: a two-level table (page per 256 code points) into a pool.
///
/// Decomposition is always applied (NFD, or NFKD with width-and-compat) and text stays decomposed:
/// entries and comments go through the same map, so both sides agree without recomposing.
final class ScalarMap: @unchecked Sendable {
    private static let pageCount = 0x110000 >> 8
    /// Page index per 256 code points; page 0 is all identity.
    private let stage1: UnsafeMutableBufferPointer<UInt16>
    /// 0 = identity; otherwise `offset << 6 | 0x20 | count` into `pool` (count 0 = removed).
    private let slots: UnsafeMutableBufferPointer<UInt32>
    let pool: UnsafeMutableBufferPointer<UInt32>

    static let standard = ScalarMap(options: NormalizationOptions())
    private static let others = Mutex<[Int: ScalarMap]>([:])

    static func forOptions(_ options: NormalizationOptions) -> ScalarMap {
        let bits = options.scalarStepBits
        if bits == standard.bits { return standard }
        return others.withLock { cache in
            if let map = cache[bits] { return map }
            let map = ScalarMap(options: options)
            cache[bits] = map
            return map
        }
    }

    let bits: Int

    private init(options: NormalizationOptions) {
        bits = options.scalarStepBits
        let outputs = ScalarMapBuilder(options: options).outputs()
        var pageOf = [Int: Int]()
        for scalar in outputs.keys where pageOf[Int(scalar >> 8)] == nil {
            pageOf[Int(scalar >> 8)] = pageOf.count + 1
        }
        stage1 = .allocate(capacity: Self.pageCount)
        stage1.initialize(repeating: 0)
        slots = .allocate(capacity: (pageOf.count + 1) << 8)
        slots.initialize(repeating: 0)
        pool = .allocate(capacity: max(1, outputs.values.reduce(0) { $0 + $1.count }))
        var used = 0
        for (scalar, output) in outputs.sorted(by: { $0.key < $1.key }) {
            let page = pageOf[Int(scalar >> 8)]!
            stage1[Int(scalar >> 8)] = UInt16(page)
            for (index, value) in output.enumerated() { pool[used + index] = value }
            slots[page << 8 | Int(scalar & 0xFF)] = UInt32(used) << 6 | 0x20 | UInt32(output.count)
            used += output.count
        }
    }

    deinit {
        stage1.deallocate()
        slots.deallocate()
        pool.deallocate()
    }

    /// The slot of a code point (0 means it maps to itself); see `slots`.
    @inline(__always) func slot(_ scalar: UInt32) -> UInt32 {
        guard scalar < 0x110000 else { return 0 }
        return slots[Int(stage1[Int(scalar >> 8)]) << 8 | Int(scalar & 0xFF)]
    }
}

/// Composes the per-step tables for one set of options (build time only, not the hot path).
private struct ScalarMapBuilder {
    let options: NormalizationOptions
    let tables = UnicodeTables.shared
    let classes = ScalarClass.table

    /// The code points whose output differs from themselves, with that output.
    func outputs() -> [UInt32: [UInt32]] {
        var candidates = Set(tables.canonical.keys)
        if options.widthAndCompat { candidates.formUnion(tables.compat.keys) }
        if options.caseFolding { candidates.formUnion(tables.fold.keys) }
        if options.confusables { candidates.formUnion(tables.confusable.keys) }
        if options.invisible { candidates.formUnion(tables.invisible) }
        if options.diacritics {
            for scalar in 0..<UInt32(0x110000) where classes[scalar] == .mark { candidates.insert(scalar) }
        }
        var result = [UInt32: [UInt32]]()
        for scalar in candidates where scalar >= 0x80 {
            let output = normalize(scalar)
            if output != [scalar] { result[scalar] = output }
        }
        return result
    }

    private func normalize(_ scalar: UInt32) -> [UInt32] {
        if options.invisible && tables.invisible.contains(scalar) { return [] }
        var output = decompose(scalar)
        if options.caseFolding {
            // Folding can expose characters that decompose (and those can fold again): iterate.
            for _ in 0..<3 {
                let next = output.flatMap { tables.fold[$0] ?? [$0] }.flatMap(decompose)
                if next == output { break }
                output = next
            }
        }
        if options.diacritics { output.removeAll { classes[$0] == .mark } }
        if options.confusables {
            output = output.flatMap { $0 >= 0x80 ? tables.confusable[$0] ?? [$0] : [$0] }
            if options.caseFolding {
                output = output.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
            }
        }
        if options.invisible { output.removeAll { tables.invisible.contains($0) } }
        return output
    }

    private func decompose(_ scalar: UInt32) -> [UInt32] {
        if options.widthAndCompat, let compat = tables.compat[scalar] { return compat }
        return tables.canonical[scalar] ?? [scalar]
    }
}
