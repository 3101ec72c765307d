/// A match, located in the ORIGINAL text as UTF-8 byte offsets (half-open) into `original.utf8`.
public struct TextMatch: Sendable, Equatable, Hashable {
    /// Index of the matching entry in the matcher's `entries`.
    public var entry: Int
    public var utf8Range: Range<Int>

    public init(entry: Int, utf8Range: Range<Int>) {
        self.entry = entry
        self.utf8Range = utf8Range
    }

    /// The original text the match covers.
    public func text(in original: String) -> Substring {
        let utf8 = original.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: utf8Range.lowerBound)
        let upper = utf8.index(lower, offsetBy: utf8Range.count)
        return original[lower..<upper]
    }
}
