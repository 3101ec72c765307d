/// Counts the `length`, `caps-ratio` and `repeated-chars` conditions look at, in one pass.
public struct TextStatistics: Sendable, Equatable {
    /// Characters (grapheme clusters), as a reader counts them.
    public var length: Int
    public var letters: Int
    public var uppercaseLetters: Int
    /// The longest run of one repeated character.
    public var longestRun: Int

    /// Uppercase letters over all letters; 0 when the comment has fewer than 12 letters.
    public var capsRatio: Double {
        letters < 12 ? 0 : Double(uppercaseLetters) / Double(letters)
    }

    public init(_ text: String) {
        var text = text
        if let ascii = text.withUTF8({ Self.ascii($0) }) {
            self = ascii
            return
        }
        var length = 0, letters = 0, uppercase = 0, longest = 0, run = 0
        var previous: Character?
        for character in text {
            length += 1
            if character.isLetter {
                letters += 1
                if character.isUppercase { uppercase += 1 }
            }
            if character == previous {
                run += 1
            } else {
                run = 1
                previous = character
            }
            longest = max(longest, run)
        }
        self.length = length
        self.letters = letters
        self.uppercaseLetters = uppercase
        self.longestRun = longest
    }

    /// The same counts straight from the bytes when the text is ASCII (most comments).
    private static func ascii(_ bytes: UnsafeBufferPointer<UInt8>) -> TextStatistics? {
        var length = 0, letters = 0, uppercase = 0, longest = 0, run = 0
        var previous: UInt8 = 0
        for byte in bytes {
            if byte >= 0x80 { return nil }
            // "\r\n" is one character.
            if !(byte == 0x0A && previous == 0x0D) { length += 1 }
            let lowered = byte | 0x20
            if lowered >= 0x61 && lowered <= 0x7A {
                letters += 1
                if byte <= 0x5A { uppercase += 1 }
            }
            if byte == previous && length > 0 {
                run += 1
            } else {
                run = 1
            }
            previous = byte
            if run > longest { longest = run }
        }
        return TextStatistics(length: length, letters: letters, uppercaseLetters: uppercase, longestRun: longest)
    }

    init(length: Int, letters: Int, uppercaseLetters: Int, longestRun: Int) {
        self.length = length
        self.letters = letters
        self.uppercaseLetters = uppercaseLetters
        self.longestRun = longestRun
    }
}
