/// Masks matched text for RULES.md's `censor` action.
public enum Censor {
    /// Masks each range as `*` of the same length in characters (grapheme clusters), keeping the first
    /// character: masking the range of "d4mn" in "oh d4mn it" gives "oh d*** it". Overlapping ranges merge.
    /// A character is masked when any of its bytes is in a range; ranges outside the text are clipped.
    public static func mask(_ text: String, utf8Ranges: [Range<Int>]) -> String {
        let ranges = merged(utf8Ranges)
        guard !ranges.isEmpty else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var offset = 0
        var rangeIndex = 0
        var keptFirst = false
        for character in text {
            let length = character.utf8.count
            defer { offset += length }
            while rangeIndex < ranges.count && ranges[rangeIndex].upperBound <= offset {
                rangeIndex += 1
                keptFirst = false
            }
            guard rangeIndex < ranges.count, ranges[rangeIndex].lowerBound < offset + length else {
                result.append(character)
                continue
            }
            if keptFirst {
                result.append("*")
            } else {
                result.append(character)
                keptFirst = true
            }
        }
        return result
    }

    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result = [Range<Int>]()
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound < last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
