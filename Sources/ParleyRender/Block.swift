/// A block of a body. Ranges index `SourceText.scalars`.
enum Block {
    /// Lines without their leading and trailing spaces and tabs.
    case paragraph([Range<Int>])
    /// The lines between the fences, as typed.
    case code([Range<Int>])
    case quote([Block])
}
