import Foundation

/// Header fields as RFC 5322 and RFC 2047 want them: printable ASCII only, non-ASCII text as
/// encoded-words (`=?UTF-8?B?...?=`, each within 75 characters, never splitting a character),
/// names with specials quoted, long lines folded at white space.
public enum HeaderEncoding {
    /// Line length the fields are folded to (RFC 5322 2.1.1: SHOULD 78).
    static let foldWidth = 78
    /// UTF-8 bytes per encoded-word: 39 bytes make 52 base64 characters, a 64-character word.
    static let bytesPerWord = 39

    /// A field `Name: value` with its value as unstructured text (Subject, a display line).
    public static func unstructured(_ name: String, _ value: String) -> String {
        let clean = sanitized(value)
        let words = isPlainASCII(clean) ? clean.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                                        : encodedWords(clean)
        return fold(name: name, words: words)
    }

    /// A field holding one mailbox: `To: name <address>`.
    public static func mailbox(_ name: String, _ mailbox: MailAddress) -> String {
        var words: [String] = []
        if let display = mailbox.name.map(sanitized), !display.trimmingCharacters(in: .whitespaces).isEmpty {
            words = phrase(display)
        }
        words.append("<\(mailbox.address)>")
        return fold(name: name, words: words)
    }

    /// A field whose value must stay as it is (a URL in angle brackets, a token): no folding.
    public static func verbatim(_ name: String, _ value: String) -> String {
        "\(name): \(sanitized(value))"
    }

    /// A display name as words: as it is when it is only atoms, quoted when it holds specials,
    /// encoded-words when it is not printable ASCII.
    static func phrase(_ text: String) -> [String] {
        guard isPlainASCII(text) else { return encodedWords(text) }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".utf8)
        if text.utf8.allSatisfy(atext.contains) {
            return text.split(separator: " ").map(String.init)
        }
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return [quoted + "\""]
    }

    /// `=?UTF-8?B?...?=` words for the text, each at most `bytesPerWord` UTF-8 bytes of whole
    /// characters (a character longer than that, such as a long emoji sequence, is cut at
    /// scalar boundaries, which RFC 2047 6.3 allows decoders to join).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count > bytesPerWord {
                flush()
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > bytesPerWord { flush() }
                    chunk += scalarBytes
                }
                continue
            }
            if chunk.count + bytes.count > bytesPerWord { flush() }
            chunk += bytes
        }
        flush()
        return words
    }

    /// Joins words with spaces, starting a continuation line (CRLF and a space) where the
    /// next word would pass the fold width. A word is never cut.
    static func fold(name: String, words: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in words {
            if line.utf8.count + 1 + word.utf8.count > foldWidth, line.utf8.count > name.utf8.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// Control characters (CR and LF above all: header injection) become spaces.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
