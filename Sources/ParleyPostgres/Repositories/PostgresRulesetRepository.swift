import Crypto
import Foundation
import ParleyCore

public struct PostgresRulesetRepository: RulesetRepository {
    /// The channel on which a new version number is announced.
    public static let channel = "parley_rules"

    let database: PostgresDatabase

    static let columns = "version, source, checksum, rule_count, applied_at, applied_by"

    static func decode(_ row: Row) throws -> StoredRuleset {
        var reader = row.reader()
        return StoredRuleset(version: try reader.next(), source: try reader.next(), checksum: try reader.next(),
                             ruleCount: try reader.next(), appliedAt: try reader.next(), appliedBy: try reader.next())
    }

    public func current() async throws -> StoredRuleset? {
        try await database.run { connection in
            try connection.query("SELECT \(Self.columns) FROM rulesets ORDER BY version DESC LIMIT 1").first.map(Self.decode)
        }
    }

    public func version(_ number: Int) async throws -> StoredRuleset? {
        try await database.run { connection in
            try connection.query("SELECT \(Self.columns) FROM rulesets WHERE version = $1", [number]).first.map(Self.decode)
        }
    }

    public func history(limit: Int) async throws -> [StoredRuleset] {
        try await database.run { connection in
            try connection.query("SELECT \(Self.columns) FROM rulesets ORDER BY version DESC LIMIT $1", [limit]).rows.map(Self.decode)
        }
    }

    public func apply(source: String, ruleCount: Int, appliedBy: String) async throws -> StoredRuleset {
        let checksum = Hex.string(SHA256.hash(data: Data(source.utf8)))
        return try await database.transaction { connection in
            // One version at a time: the key is a constant of parley's.
            try connection.execute("SELECT pg_advisory_xact_lock(7072617202)")
            let row = try connection.query("""
                INSERT INTO rulesets (version, source, checksum, rule_count, applied_by)
                SELECT COALESCE(max(version), 0) + 1, $1, $2, $3, $4 FROM rulesets
                RETURNING \(Self.columns)
                """, [source, checksum, ruleCount, appliedBy]).first!
            let stored = try Self.decode(row)
            try connection.execute("""
                INSERT INTO moderation_events (kind, actor_type, actor, action, details)
                VALUES ('rules', 'moderator', $1, 'apply',
                        jsonb_build_object('version', $2::int, 'checksum', $3::text, 'rule_count', $4::int))
                """, [appliedBy, stored.version, checksum, ruleCount])
            try connection.execute("SELECT pg_notify($1, $2)", [Self.channel, String(stored.version)])
            return stored
        }
    }
}
