import Foundation
import ParleyCore

/// Sign-in keys (`parley sso`): the key material travels as hex and is stored as bytea.
public struct PostgresSignInKeyRepository: SignInKeyRepository {
    let database: PostgresDatabase

    static let columns = "id, name, algorithm, key_material, audience, created_at, created_by"

    static func decode(_ row: Row) throws -> SignInKey {
        var reader = row.reader()
        return SignInKey(id: try reader.next(), name: try reader.next(), algorithm: try Columns.enumValue(reader.next()),
                         material: Array(try reader.next() as Data), audience: try reader.optional(),
                         createdAt: try reader.next(), createdBy: try reader.optional())
    }

    public func add(name: String, algorithm: SignInAlgorithm, material: [UInt8], audience: String?,
                    createdBy: String) async throws -> SignInKey {
        let name = try SignInKey.validName(name)
        let audience = audience?.trimmingCharacters(in: .whitespaces)
        if let audience, audience.isEmpty || audience.count > 500 {
            throw ParleyError.invalid("An audience is 1 to 500 characters.", code: "invalid_audience")
        }
        guard !material.isEmpty else { throw ParleyError.invalid("The key is empty.", code: "invalid_key") }
        return try await database.run { connection in
            do {
                let row = try connection.query("""
                    WITH key AS (
                        INSERT INTO sign_in_keys (name, algorithm, key_material, audience, created_by)
                        VALUES ($1, $2, decode($3, 'hex'), $4, $5)
                        RETURNING \(Self.columns)
                    ), logged AS (
                        INSERT INTO moderation_events (kind, actor_type, actor, action, details)
                        SELECT 'sso', 'moderator', $5, 'add',
                               jsonb_build_object('name', name, 'algorithm', algorithm, 'audience', audience, 'key_id', id) FROM key
                    )
                    SELECT \(Self.columns) FROM key
                    """, [name, algorithm.rawValue, Hex.string(material), audience, createdBy]).first!
                return try Self.decode(row)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw ParleyError(.conflict, code: "sso_key_exists", "This key is already active under \"\(name)\".")
            }
        }
    }

    public func active() async throws -> [SignInKey] {
        try await database.run { connection in
            try connection.query("SELECT \(Self.columns) FROM sign_in_keys WHERE active ORDER BY created_at, id").rows.map(Self.decode)
        }
    }

    public func remove(name: String, id: Int64?, by moderator: String) async throws -> Int {
        try await database.run { connection in
            try connection.query("""
                WITH removed AS (
                    UPDATE sign_in_keys SET active = false, removed_at = now()
                     WHERE name = $1 AND active AND ($2::int8 IS NULL OR id = $2::int8)
                    RETURNING id, name, algorithm
                ), logged AS (
                    INSERT INTO moderation_events (kind, actor_type, actor, action, details)
                    SELECT 'sso', 'moderator', $3, 'remove', jsonb_build_object('name', name, 'algorithm', algorithm, 'key_id', id)
                      FROM removed
                )
                SELECT count(*) FROM removed
                """, [name, id, moderator]).first?.decode(0, as: Int.self) ?? 0
        }
    }
}
