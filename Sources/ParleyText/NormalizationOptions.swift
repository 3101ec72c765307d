/// RULES.md's normalization steps; all on by default. YAML keys: "case", "width-and-compat",
/// "diacritics", "invisible", "confusables", "leet", "repeats", "separators".
public struct NormalizationOptions: Sendable, Hashable {
    /// Unicode full case folding (ß → ss).
    public var caseFolding = true
    /// NFKC compatibility mapping: fullwidth, mathematical alphanumerics, ligatures.
    public var widthAndCompat = true
    /// Drops combining marks after decomposition: `ìdíôt` → `idiot`.
    public var diacritics = true
    /// Removes zero-width, bidi-control and other default-ignorable format characters.
    public var invisible = true
    /// Maps non-ASCII look-alike letters to Latin per Unicode TR39.
    public var confusables = true
    /// `4 @ → a`, `3 → e`, `1 ! | → i/l`, `0 → o`, `5 $ → s`, `7 + → t`, `8 → b` inside lettered words.
    public var leet = true
    /// A run of one letter in the text matches one letter of an entry (`words` only).
    public var repeats = true
    /// Joins runs of three or more single letters split by spaces, `.`, `-`, `_` or `*` (`words` only).
    public var separators = true

    public init() {}

    /// All steps off: matching on the text exactly as written (code points, not grapheme clusters).
    public static let none: NormalizationOptions = {
        var options = NormalizationOptions()
        for step in stepKeys { options[keyPath: step.path] = false }
        return options
    }()

    /// The YAML key of each step, in RULES.md's order, for the loader that reads `normalize:` maps.
    // Key paths are immutable values; the standard library just doesn't mark them Sendable.
    nonisolated(unsafe) public static let stepKeys: [(key: String, path: WritableKeyPath<NormalizationOptions, Bool>)] = [
        ("case", \.caseFolding),
        ("width-and-compat", \.widthAndCompat),
        ("diacritics", \.diacritics),
        ("invisible", \.invisible),
        ("confusables", \.confusables),
        ("leet", \.leet),
        ("repeats", \.repeats),
        ("separators", \.separators),
    ]

    /// The steps that change code points (as opposed to tokens), as bits: one table per value.
    var scalarStepBits: Int {
        (caseFolding ? 1 : 0) | (widthAndCompat ? 2 : 0) | (diacritics ? 4 : 0)
            | (invisible ? 8 : 0) | (confusables ? 16 : 0)
    }
}
