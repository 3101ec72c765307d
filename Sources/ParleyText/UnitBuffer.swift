/// A growable buffer of `TextUnit`s without Array's per-append checks; the owner deallocates it.
struct UnitBuffer {
    private(set) var base: UnsafeMutablePointer<TextUnit>
    var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 8)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always) mutating func append(_ unit: TextUnit) {
        if count == capacity { grow() }
        base[count] = unit
        count &+= 1
    }

    @inline(__always) subscript(index: Int) -> TextUnit {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    var last: TextUnit? { count > 0 ? base[count - 1] : nil }

    /// Makes room for `extra` more units, so that `appendUnchecked` may follow.
    @inline(__always) mutating func reserve(_ extra: Int) {
        while count + extra > capacity { grow() }
    }

    @inline(__always) mutating func appendUnchecked(_ unit: TextUnit) {
        base[count] = unit
        count &+= 1
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<TextUnit>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// Hands the units over as a buffer of exactly `count` elements (deallocate its base address).
    func finished() -> UnsafeMutableBufferPointer<TextUnit> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }
}
