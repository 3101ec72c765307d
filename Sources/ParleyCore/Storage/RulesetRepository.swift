import Foundation

/// A ruleset version as stored: the moderator's YAML, unchanged.
public struct StoredRuleset: Sendable, Equatable {
    public var version: Int
    public var source: String
    public var checksum: String
    public var ruleCount: Int
    public var appliedAt: Date
    public var appliedBy: String

    public init(version: Int, source: String, checksum: String, ruleCount: Int, appliedAt: Date, appliedBy: String) {
        self.version = version
        self.source = source
        self.checksum = checksum
        self.ruleCount = ruleCount
        self.appliedAt = appliedAt
        self.appliedBy = appliedBy
    }
}

/// Storage of ruleset versions; the newest is in force.
public protocol RulesetRepository: Sendable {
    func current() async throws -> StoredRuleset?
    func version(_ number: Int) async throws -> StoredRuleset?
    /// Newest first.
    func history(limit: Int) async throws -> [StoredRuleset]
    /// Stores a new version, logs it, and tells every running parley (NOTIFY) in the same transaction.
    func apply(source: String, ruleCount: Int, appliedBy: String) async throws -> StoredRuleset
}
