/// A URL the way a lenient reader might understand it, for `LinkPolicy` to look for schemes an
/// attacker tried to hide: `&#106;avascript:`, `javascript&colon;`, `%6a%61vascript:`,
/// `java&Tab;script:` and the like.
///
/// Character references (numeric with or without `;`, and the named ones in `named`) and
/// `%XX` escapes of ASCII are decoded, whitespace, controls and invisible characters dropped,
/// and ASCII lowercased, again and again until nothing changes. A URL still changing after
/// `maxRounds` rounds is layered on purpose and gets no spelling at all, so no link.
enum URLSpelling {
    static let maxRounds = 8

    static let named: [String: Unicode.Scalar] = [
        "colon": ":", "sol": "/", "bsol": "\\", "tab": "\t", "newline": "\n", "nbsp": "\u{A0}",
        "lpar": "(", "rpar": ")", "period": ".", "comma": ",", "semi": ";", "excl": "!",
        "quest": "?", "num": "#", "percnt": "%", "equals": "=", "commat": "@", "plus": "+",
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "zwj": "\u{200D}",
        "zwnj": "\u{200C}", "shy": "\u{AD}",
    ]

    static func spelledOut(_ url: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar]? {
        var current = Array(url)
        for _ in 0..<maxRounds {
            let next = decodedOnce(current).filter { !$0.isInvisibleInURL }
            if next == current { return current.map { $0.lowercasedASCII() } }
            current = next
        }
        return nil
    }

    private static func decodedOnce(_ url: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var decoded: [Unicode.Scalar] = []
        decoded.reserveCapacity(url.count)
        var position = 0
        while position < url.count {
            if url[position] == "&", let (scalar, next) = reference(in: url, at: position) {
                decoded.append(scalar)
                position = next
            } else if url[position] == "%", position + 2 < url.count,
                      let high = hexValue(url[position + 1]), let low = hexValue(url[position + 2]),
                      high < 8 {
                decoded.append(Unicode.Scalar(UInt8(high * 16 + low)))
                position += 3
            } else {
                decoded.append(url[position])
                position += 1
            }
        }
        return decoded
    }

    /// The character reference starting at `start` (an `&`) and the position after it.
    private static func reference(in url: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        var position = start + 1
        if position < url.count, url[position] == "#" {
            position += 1
            let isHex = position < url.count && (url[position] == "x" || url[position] == "X")
            if isHex { position += 1 }
            let digitsStart = position
            var value: UInt32 = 0
            while position < url.count, let digit = hexValue(url[position]), isHex || digit < 10 {
                value = min(value * (isHex ? 16 : 10) + UInt32(digit), 0x110000)
                position += 1
            }
            guard position > digitsStart else { return nil }
            if position < url.count, url[position] == ";" { position += 1 }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (scalar ?? "\u{FFFD}", position)
        }
        var name = ""
        while position < url.count, position - start <= 32, url[position].isASCII, url[position].properties.isAlphabetic {
            name.unicodeScalars.append(url[position].lowercasedASCII())
            position += 1
        }
        guard position < url.count, url[position] == ";", let scalar = named[name] else { return nil }
        return (scalar, position + 1)
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "0"..."9": Int(scalar.value - 0x30)
        case "a"..."f": Int(scalar.value - 0x61 + 10)
        case "A"..."F": Int(scalar.value - 0x41 + 10)
        default: nil
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isInvisibleInURL: Bool {
        let properties = self.properties
        return properties.isWhitespace || properties.isDefaultIgnorableCodePoint
            || properties.generalCategory == .control || properties.generalCategory == .format
    }
}
