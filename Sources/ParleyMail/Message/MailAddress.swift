import Foundation

/// A mailbox: an address and the name shown with it.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Reads `Name <address>` or a bare address (as PARLEY_MAIL_FROM is written).
    public init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            var name = text[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            self.init(name: name.isEmpty ? nil : name, address: address)
        } else {
            self.init(name: nil, address: text)
        }
        guard MailAddress.isDeliverable(address) else { return nil }
    }

    /// An address msmtp and any relay take as it is: ASCII `local@domain`, with no characters
    /// that would need quoting in the local part (no SMTPUTF8, no quoted local parts), and no
    /// leading `-` (it could not be taken for an msmtp option). The domain has a dot, or is `localhost`.
    public static func isDeliverable(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64, !parts[0].hasPrefix("-"),
              parts[1].contains(".") || parts[1].lowercased() == "localhost",
              address.utf8.count <= 254, !parts[0].hasPrefix("."), !parts[0].hasSuffix("."), !parts[0].contains("..")
        else { return false }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.".utf8)
        let domain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.".utf8)
        return parts[0].utf8.allSatisfy(atext.contains) && parts[1].utf8.allSatisfy(domain.contains)
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !parts[1].contains("..")
    }

    /// The domain part, for Message-IDs.
    public var domain: String {
        address.split(separator: "@").last.map(String.init) ?? "localhost"
    }

    public var description: String {
        name.map { "\($0) <\(address)>" } ?? address
    }
}
