import Foundation
import ParleyCore

public struct PostgresTokenRepository: TokenRepository {
    let database: PostgresDatabase

    static let columns = "id, name, role, created_at, created_by, last_used_at"

    static func decode(_ row: Row) throws -> AccessToken {
        var reader = row.reader()
        return AccessToken(id: try reader.next(), name: try reader.next(), role: try Columns.enumValue(reader.next()),
                           createdAt: try reader.next(), createdBy: try reader.optional(), lastUsedAt: try reader.optional())
    }

    public func create(name: String, role: TokenRole, tokenHash: String, createdBy: String) async throws -> AccessToken {
        let name = try TextRules.personName(name, role: "token")
        return try await database.run { connection in
            do {
                let row = try connection.query("""
                    WITH token AS (
                        INSERT INTO api_tokens (name, role, token_hash, created_by) VALUES ($1, $2, $3, $4)
                        RETURNING \(Self.columns)
                    ), logged AS (
                        INSERT INTO moderation_events (kind, actor_type, actor, action, details)
                        SELECT 'token', 'moderator', $4, 'create', jsonb_build_object('name', name, 'role', role) FROM token
                    )
                    SELECT \(Self.columns) FROM token
                    """, [name, role.rawValue, tokenHash, createdBy]).first!
                return try Self.decode(row)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw ParleyError(.conflict, code: "token_exists", "A token named \"\(name)\" exists already; revoke it first or pick another name.")
            }
        }
    }

    public func list() async throws -> [AccessToken] {
        try await database.run { connection in
            try connection.query("SELECT \(Self.columns) FROM api_tokens WHERE revoked_at IS NULL ORDER BY created_at").rows.map(Self.decode)
        }
    }

    public func revoke(name: String, by moderator: String) async throws -> Bool {
        try await database.run { connection in
            try connection.query("""
                WITH revoked AS (
                    UPDATE api_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING name, role
                ), logged AS (
                    INSERT INTO moderation_events (kind, actor_type, actor, action, details)
                    SELECT 'token', 'moderator', $2, 'revoke', jsonb_build_object('name', name, 'role', role) FROM revoked
                )
                SELECT count(*) FROM revoked
                """, [name, moderator]).first?.decode(0, as: Int.self) == 1
        }
    }

    public func find(hash: String) async throws -> AccessToken? {
        try await database.run { connection in
            try connection.query(
                "SELECT \(Self.columns) FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL", [hash]).first.map(Self.decode)
        }
    }
}
