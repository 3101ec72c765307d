// Character classes of the importers' text handling (HTML to text, link targets).

extension Unicode.Scalar {
    /// Unicode's White_Space property, spelled out: a fixed list, cheaper than a table lookup.
    var isHTMLTextSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// C0 and C1 controls and DEL (general category Cc); format characters such as ZWJ or the
    /// bidi marks are text.
    var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
