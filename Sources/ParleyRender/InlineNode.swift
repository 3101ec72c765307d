/// A piece of a paragraph. Ranges index `InlineContent.scalars`.
enum InlineNode {
    case text(Range<Int>)
    /// The content of a code span, shown as is (a line break inside shows as a space).
    case code(Range<Int>)
    /// A run of `*` or `_`: `InlineContent.delimiters[id]` says which of it is emphasis.
    case delimiter(Int)
    case lineBreak
    /// `[children](destination)`; the destination passed `LinkPolicy`.
    case link(destination: Range<Int>, children: [InlineNode])
    /// A bare URL that passed `LinkPolicy`, shown as its own text.
    case autolink(Range<Int>)
}

enum Emphasis {
    case em, strong
}

/// A run of `*` or `_` and what `EmphasisResolver` made of it: the tags it closes (innermost
/// first) come before what is left of it as text, the tags it opens (innermost first) after.
struct Delimiter {
    let marker: Unicode.Scalar
    let length: Int
    let canOpen: Bool
    let canClose: Bool
    var remaining: Int
    var closes: [Emphasis] = []
    var opens: [Emphasis] = []

    /// CommonMark's flanking rules, on the characters around the run (`\n` at either end).
    init(marker: Unicode.Scalar, length: Int, before: Unicode.Scalar, after: Unicode.Scalar) {
        let leftFlanking = !after.isMarkdownWhitespace
            && (!after.isMarkdownPunctuation || before.isMarkdownWhitespace || before.isMarkdownPunctuation)
        let rightFlanking = !before.isMarkdownWhitespace
            && (!before.isMarkdownPunctuation || after.isMarkdownWhitespace || after.isMarkdownPunctuation)
        self.marker = marker
        self.length = length
        remaining = length
        if marker == "_" {
            // No emphasis inside words: snake_case_names stay as typed.
            canOpen = leftFlanking && (!rightFlanking || before.isMarkdownPunctuation)
            canClose = rightFlanking && (!leftFlanking || after.isMarkdownPunctuation)
        } else {
            canOpen = leftFlanking
            canClose = rightFlanking
        }
    }
}

/// A parsed paragraph.
struct InlineContent {
    let scalars: [Unicode.Scalar]
    let nodes: [InlineNode]
    let delimiters: [Delimiter]
}
