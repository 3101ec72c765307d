import Foundation

public enum TrustLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case new
    case regular
    case trusted

    private var rank: Int {
        switch self {
        case .new: 0
        case .regular: 1
        case .trusted: 2
        }
    }

    public static func < (lhs: TrustLevel, rhs: TrustLevel) -> Bool { lhs.rank < rhs.rank }
}

/// A commenter's record as moderators and the rules see it.
public struct Author: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var email: String?
    public var trust: TrustLevel
    public var commentCount: Int
    public var approvedCount: Int
    public var rejectedCount: Int
    public var spamCount: Int
    public var bannedUntil: Date?
    public var banReason: String?
    public var firstSeenAt: Date
    public var lastSeenAt: Date
    /// Signed in through the newsroom's login (reader sign-in); known by identity, not name.
    public var verified: Bool

    public init(
        id: Int64, name: String, email: String? = nil, trust: TrustLevel = .new, commentCount: Int = 0,
        approvedCount: Int = 0, rejectedCount: Int = 0, spamCount: Int = 0, bannedUntil: Date? = nil,
        banReason: String? = nil, firstSeenAt: Date, lastSeenAt: Date, verified: Bool = false
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.trust = trust
        self.commentCount = commentCount
        self.approvedCount = approvedCount
        self.rejectedCount = rejectedCount
        self.spamCount = spamCount
        self.bannedUntil = bannedUntil
        self.banReason = banReason
        self.firstSeenAt = firstSeenAt
        self.lastSeenAt = lastSeenAt
        self.verified = verified
    }

    public func isBanned(at now: Date = Date()) -> Bool {
        guard let bannedUntil else { return false }
        return bannedUntil > now
    }
}
