/// The counts `length`, `caps-ratio` and `repeated-chars` look at, in one pass over the
/// UTF-8 bytes, computed only when a condition asks (ASCII needs no Unicode lookup).
public struct TextStatistics: Sendable, Equatable {
    /// Characters (grapheme clusters), as a reader counts them.
    public var length: Int
    public var letters: Int
    public var uppercaseLetters: Int
    /// The longest run of one repeated character (counted by code point).
    public var longestRun: Int

    /// Uppercase letters over all letters; 0 when the comment has fewer than 12 letters.
    public var capsRatio: Double {
        letters < 12 ? 0 : Double(uppercaseLetters) / Double(letters)
    }

    public init(_ text: String) {
        var copy = text
        var ascii = true
        (letters, uppercaseLetters, longestRun, length) = copy.withUTF8 { bytes in
            var letters = 0, uppercase = 0, longest = 0, run = 0, length = 0, index = 0
            var previous: UInt32 = .max
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                var value = UInt32(byte)
                if byte < 0x80 {
                    let lowered = byte | 0x20
                    if lowered &- 0x61 < 26 {
                        letters &+= 1
                        if byte < 0x5B { uppercase &+= 1 }
                    }
                    // "\r\n" is one character.
                    if !(byte == 0x0A && previous == 0x0D) { length &+= 1 }
                    index &+= 1
                } else {
                    ascii = false
                    let (scalar, width) = Self.decode(bytes, at: index)
                    value = scalar?.value ?? 0xFFFD
                    if let scalar, scalar.properties.isAlphabetic {
                        letters &+= 1
                        if scalar.properties.isUppercase { uppercase &+= 1 }
                    }
                    index &+= width
                }
                if value == previous {
                    run &+= 1
                } else {
                    run = 1
                    previous = value
                }
                if run > longest { longest = run }
            }
            return (letters, uppercase, longest, length)
        }
        if !ascii { length = text.count }
    }

    /// The scalar starting at a lead byte of valid UTF-8 (Swift strings are valid UTF-8).
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[index]
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + width <= bytes.count else { return (nil, 1) }
        var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value), width)
    }
}
