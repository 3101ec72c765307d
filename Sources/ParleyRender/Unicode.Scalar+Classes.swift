extension Unicode.Scalar {
    /// Whitespace for emphasis flanking; a line break and the ends of a paragraph count as it too.
    var isMarkdownWhitespace: Bool { properties.isWhitespace }

    var isMarkdownPunctuation: Bool {
        if isASCII { return (0x21...0x2F).contains(value) || (0x3A...0x40).contains(value)
            || (0x5B...0x60).contains(value) || (0x7B...0x7E).contains(value) }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    var isLetterOrDigit: Bool {
        properties.isAlphabetic || properties.numericType != nil
    }

    /// Characters that are never part of a URL we link: whitespace, controls, invisible format
    /// characters (bidi overrides, zero-width joiners), and the ASCII characters that a browser
    /// would have to percent-encode or that mean something to HTML or to this Markdown.
    var isForbiddenInURL: Bool {
        switch self {
        case "<", ">", "\"", "`", "\\", "[", "]": return true
        default: break
        }
        let properties = self.properties
        if properties.isWhitespace || properties.isDefaultIgnorableCodePoint { return true }
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator,
             .privateUse, .unassigned:
            return true
        default:
            return false
        }
    }

    func lowercasedASCII() -> Unicode.Scalar {
        ("A"..."Z").contains(self) ? Unicode.Scalar(value + 0x20)! : self
    }
}
