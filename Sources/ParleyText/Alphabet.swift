/// The symbols of one matcher's automata: every normalized scalar that occurs in its entries gets
/// a small number (1…); anything else in a text is symbol 0, which no edge carries.
struct Alphabet {
    private var ascii = [UInt16](repeating: 0, count: 128)
    fileprivate var other: [UInt32: UInt16] = [:]
    /// Per symbol: whether it is a letter (a repeat of it may be absorbed).
    private(set) var isLetter: [Bool] = [false]

    var count: Int { isLetter.count }

    mutating func intern(_ scalar: UInt32, isLetter letter: Bool) throws -> UInt16 {
        let known = symbol(scalar)
        if known != 0 { return known }
        guard isLetter.count < Int(UInt16.max) else {
            throw TextPatternError(entry: String(Unicode.Scalar(scalar).map(Character.init) ?? " "),
                                   message: "too many distinct characters in one list")
        }
        let symbol = UInt16(isLetter.count)
        isLetter.append(letter)
        if scalar < 0x80 { ascii[Int(scalar)] = symbol } else { other[scalar] = symbol }
        return symbol
    }

    func symbol(_ scalar: UInt32) -> UInt16 {
        scalar < 0x80 ? ascii[Int(scalar)] : other[scalar] ?? 0
    }

    func frozen() -> SymbolTable { SymbolTable(self) }
}

/// `Alphabet` frozen for the hot path: scalar → symbol, and each leet index's letters as symbols.
final class SymbolTable: @unchecked Sendable {
    private let ascii: UnsafeMutableBufferPointer<UInt16>
    private let other: [UInt32: UInt16]
    /// Two symbols per leet index (0 where the letter is in no entry, or there is no second letter).
    private let leet: UnsafeMutableBufferPointer<UInt16>
    /// Per symbol: whether a repeat of it may be absorbed (it is a letter).
    let isLetter: UnsafeMutableBufferPointer<Bool>
    let count: Int

    fileprivate init(_ alphabet: Alphabet) {
        count = alphabet.count
        ascii = .allocate(capacity: 128)
        for scalar in 0..<UInt32(128) { ascii[Int(scalar)] = alphabet.symbol(scalar) }
        other = alphabet.other
        isLetter = .allocate(capacity: alphabet.count)
        _ = isLetter.initialize(from: alphabet.isLetter)
        leet = .allocate(capacity: 2 * Leet.alternatives.count)
        leet.initialize(repeating: 0)
        for (index, letters) in Leet.alternatives.enumerated() {
            for (slot, letter) in letters.enumerated() { leet[2 * index + slot] = alphabet.symbol(letter) }
        }
    }

    deinit {
        ascii.deallocate()
        leet.deallocate()
        isLetter.deallocate()
    }

    @inline(__always) func symbol(_ scalar: UInt32) -> UInt16 {
        scalar < 0x80 ? ascii[Int(scalar)] : other[scalar] ?? 0
    }

    @inline(__always) func leetSymbols(_ index: UInt8) -> (UInt16, UInt16) {
        (leet[2 * Int(index)], leet[2 * Int(index) + 1])
    }

    var memoryFootprint: Int { 128 * 2 + other.count * 16 + leet.count * 2 }
}
