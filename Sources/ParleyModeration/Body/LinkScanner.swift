import Foundation

/// Finds links in a comment: http(s) URLs, `www.` addresses, and bare `domain.tld/...` forms.
public enum LinkScanner {
    public struct Link: Sendable, Equatable {
        /// Lowercased host, without a `www.` prefix or a port.
        public var host: String
        public var utf8Range: Range<Int>
    }

    // Bare forms need a path slash, so "e.g." and "U.S./Russia" are not links but
    // "cheap-pills.example/order" is.
    private static let pattern: CompiledRegex = {
        // A fixed pattern of parley's own; it compiles.
        try! CompiledRegex(
            #"\bhttps?://[^\s<>"'()\[\]]+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>"'()\[\]]*|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}/[^\s<>"'()\[\]]*"#)
    }()

    public static func links(in text: String) -> [Link] {
        var text = text
        // Every form needs a "/" or "www."; most comments have neither, and skip the regex.
        guard text.withUTF8(mayHoldLink) else { return [] }
        let ranges = pattern.allMatches(in: text)
        if ranges.isEmpty { return [] }
        return text.withUTF8 { utf8 in
            ranges.map { range in Link(host: host(of: Array(utf8[range])[...]), utf8Range: range) }
        }
    }

    private static func mayHoldLink(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        // memchr is vectorized in glibc: far cheaper than a byte loop.
        if memchr(base, Int32(UInt8(ascii: "/")), bytes.count) != nil { return true }
        var start = 0
        while start + 4 <= bytes.count,
              let found = memchr(base + start, Int32(UInt8(ascii: ".")), bytes.count - start) {
            let dot = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if dot >= 3 && (1...3).allSatisfy({ bytes[dot - $0] | 0x20 == UInt8(ascii: "w") }) { return true }
            start = dot + 1
        }
        return false
    }

    static func host(of url: ArraySlice<UInt8>) -> String {
        var bytes = url[...]
        if let schemeEnd = firstIndex(of: Array("://".utf8), in: bytes) {
            bytes = bytes[(schemeEnd + 3)...]
        }
        if let userEnd = bytes.firstIndex(of: UInt8(ascii: "@")),
           !bytes[..<userEnd].contains(where: { $0 == UInt8(ascii: "/") }) {
            bytes = bytes[(userEnd + 1)...]
        }
        let end = bytes.firstIndex { [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: ":")].contains($0) } ?? bytes.endIndex
        var host = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        return host
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

/// Domains a link may belong to: the domain itself or anything under it.
public struct DomainSet: Sendable, Equatable {
    public let domains: Set<String>

    public init(_ domains: [String]) {
        self.domains = Set(domains.map { Self.canonical($0) }.filter { !$0.isEmpty })
    }

    public static func canonical(_ domain: String) -> String {
        var host = domain.trimmingCharacters(in: .whitespaces).lowercased()
        for scheme in ["https://", "http://"] where host.hasPrefix(scheme) { host.removeFirst(scheme.count) }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        if let slash = host.firstIndex(of: "/") { host = String(host[..<slash]) }
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// `bit.ly` contains `bit.ly` and `go.bit.ly`, not `notbit.ly`.
    public func contains(host: String) -> Bool {
        var candidate = Substring(host)
        while true {
            if domains.contains(String(candidate)) { return true }
            guard let dot = candidate.firstIndex(of: ".") else { return false }
            candidate = candidate[candidate.index(after: dot)...]
        }
    }
}
