/// A comment text normalized once for every matcher that shares the same options.
///
/// Immutable after `init` (the unit buffers are written only there), so one instance may be
/// matched from many threads at once.
public final class PreparedText: @unchecked Sendable {
    public let original: String
    public let options: NormalizationOptions
    /// Words and the gaps between them (see `ViewBuilder`), for `WordListMatcher`.
    let words: UnsafeBufferPointer<TextUnit>
    /// Every unit with white space collapsed, for `PhraseMatcher`.
    let phrase: UnsafeBufferPointer<TextUnit>

    public init(_ text: String, options: NormalizationOptions = NormalizationOptions()) {
        original = text
        self.options = options
        let views = Normalizer.views(of: text, options: options)
        words = UnsafeBufferPointer(views.words.finished())
        phrase = UnsafeBufferPointer(views.phrase.finished())
    }

    deinit {
        words.baseAddress?.deallocate()
        phrase.baseAddress?.deallocate()
    }

    /// The normalized words joined by single spaces (debugging, fingerprints): "i d i o t!!" → "idiot".
    /// Leet characters show their first letter (`1` → `i`); with `repeats`, runs of a letter show once.
    public var normalizedWords: String {
        var result = String.UnicodeScalarView()
        var previous: UInt32 = 0
        for unit in words {
            var scalar = unit.scalar
            if unit.leet != 0 { scalar = Leet.alternatives[Int(unit.leet)][0] }
            let isLetter = unit.kind == .letter || unit.leet != 0
            if options.repeats && isLetter && scalar == previous { continue }
            previous = isLetter ? scalar : 0
            result.append(Unicode.Scalar(scalar) ?? " ")
        }
        return String(result)
    }

    /// The text prepared for a matcher's options: this one when they agree, else a re-preparation.
    func prepared(for options: NormalizationOptions) -> PreparedText {
        options == self.options ? self : PreparedText(original, options: options)
    }
}
