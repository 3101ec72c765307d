/// What a ruleset needs to know from storage about a new comment's surroundings: recent
/// comments by the same author or address, and earlier copies of the same text. Windows are
/// in seconds; storage answers all of them in the same round trip as the posting context.
public struct FactRequest: Sendable, Equatable {
    public var authorWindows: [Int]
    public var ipWindows: [Int]
    public var duplicateWindows: [Int]
    /// The comment's normalized-text fingerprint, stored with it for later duplicate checks.
    public var fingerprint: String?
    public var ip: String?

    public init(authorWindows: [Int] = [], ipWindows: [Int] = [], duplicateWindows: [Int] = [],
                fingerprint: String? = nil, ip: String? = nil) {
        self.authorWindows = authorWindows
        self.ipWindows = ipWindows
        self.duplicateWindows = duplicateWindows
        self.fingerprint = fingerprint
        self.ip = ip
    }

    public var isEmpty: Bool { authorWindows.isEmpty && ipWindows.isEmpty && duplicateWindows.isEmpty }
}

/// Counts of stored comments (the new one not included), per window in seconds.
public struct ModerationFacts: Sendable, Equatable {
    public var authorComments: [Int: Int]
    public var ipComments: [Int: Int]
    public var duplicates: [Int: Int]

    public init(authorComments: [Int: Int] = [:], ipComments: [Int: Int] = [:], duplicates: [Int: Int] = [:]) {
        self.authorComments = authorComments
        self.ipComments = ipComments
        self.duplicates = duplicates
    }

    public static let none = ModerationFacts()
}
