/// Sentences for libxml2's error numbers, which XMLParser passes on as its error codes (its
/// own error messages are not available on Linux).
enum XMLErrorText {
    static func sentence(code: Int) -> String {
        sentences[code] ?? "libxml2 error \(code)"
    }

    private static let sentences: [Int: String] = [
        3: "the document does not start with an element",
        4: "a start tag (\"<\") is expected",
        5: "there is content after the root element ends",
        6: "invalid hexadecimal character reference",
        7: "invalid decimal character reference",
        8: "invalid character reference",
        9: "a character that XML does not allow",
        10: "a character reference is cut off by the end of the file",
        14: "an entity reference is cut off by the end of the file",
        22: "\"&\" without an entity name (write &amp;)",
        23: "an entity reference without its \";\" (write &amp; for a lone \"&\")",
        26: "an undeclared entity (XML knows only &amp; &lt; &gt; &quot; &apos;; HTML names such as &nbsp; must be in CDATA)",
        31: "an unknown character encoding",
        32: "an unsupported character encoding",
        34: "an attribute value without its closing quote",
        38: "\"<\" inside an attribute value",
        39: "an attribute value without quotes",
        40: "an attribute value without its closing quote",
        41: "an attribute without a value",
        42: "an attribute given twice",
        45: "a comment that is not closed (\"-->\" missing)",
        47: "a processing instruction that is not closed",
        57: "an XML declaration that is not closed",
        61: "a DOCTYPE that is not closed",
        62: "\"]]>\" outside a CDATA section",
        63: "a CDATA section that is not closed (\"]]>\" missing)",
        64: "the reserved name \"xml\" used where it is not allowed",
        65: "white space is missing",
        68: "a name is missing (e.g. \"<\" followed by a space)",
        73: "\">\" is missing",
        74: "\"</\" is missing",
        75: "\"=\" is missing after an attribute name",
        76: "an end tag that does not match the open element",
        77: "the file ends inside an element (an end tag is missing)",
        81: "bytes that are not valid in the document's encoding (UTF-8 expected)",
        85: "the elements are not well nested",
        86: "extra content at the end of the document",
        201: "a namespace prefix that is not declared",
    ]
}
