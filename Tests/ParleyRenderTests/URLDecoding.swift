/// The test's own idea of how a URL could be read by the most lenient consumer: whitespace,
/// controls and invisible characters removed, `%XX`, `&#NN;`, `&#xNN;` and a few named
/// references decoded, lowercased, again until nothing changes. Written independently of
/// `URLSpelling` on purpose.
enum URLDecoding {
    static func spelledOut(_ url: String) -> String {
        var current = url
        for _ in 0..<16 {
            let next = decodeOnce(String(String.UnicodeScalarView(current.unicodeScalars.filter { scalar in
                !(scalar.properties.isWhitespace || scalar.properties.isDefaultIgnorableCodePoint
                  || scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format)
            }))).lowercased()
            if next == current { break }
            current = next
        }
        return current
    }

    private static func decodeOnce(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "%", index + 2 < scalars.count,
               let value = UInt8(String(String.UnicodeScalarView(scalars[(index + 1)...(index + 2)])), radix: 16), value < 0x80 {
                out.append(Unicode.Scalar(value))
                index += 3
            } else if scalars[index] == "&", let (scalar, length) = reference(Array(scalars[index...].prefix(40))) {
                out.append(scalar)
                index += length
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    private static func reference(_ scalars: [Unicode.Scalar]) -> (Unicode.Scalar, Int)? {
        let text = String(String.UnicodeScalarView(scalars)).lowercased()
        for (name, scalar) in [("&colon;", ":"), ("&tab;", "\t"), ("&newline;", "\n"), ("&sol;", "/")] as [(String, Unicode.Scalar)]
        where text.hasPrefix(name) {
            return (scalar, name.unicodeScalars.count)
        }
        guard text.hasPrefix("&#") else { return nil }
        let hex = text.dropFirst(2).hasPrefix("x")
        let digits = text.dropFirst(hex ? 3 : 2).prefix { hex ? $0.isHexDigit : $0.isWholeNumber }
        guard !digits.isEmpty, let value = UInt32(digits.prefix(8), radix: hex ? 16 : 10) else { return nil }
        var length = (hex ? 3 : 2) + digits.unicodeScalars.count
        if text.dropFirst(length).hasPrefix(";") { length += 1 }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}
