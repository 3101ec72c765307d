import Foundation
import ParleyCore

/// The unsubscribe links' key, what a link leads to, and the unsubscription log.
extension PostgresMailRepository {
    // MARK: Unsubscribing

    public func configure(hourlyCap: Int) async throws {
        _ = try await database.run { connection in
            try connection.execute("UPDATE email_settings SET hourly_cap = $1, updated_at = now() WHERE id = 1", [max(0, hourlyCap)])
        }
    }

    public func unsubscribeSecret() async throws -> [UInt8] {
        var fresh = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in fresh.indices { fresh[index] = generator.next() }
        return try await database.run { [fresh] connection in
            let row = try connection.query("""
                WITH made AS (
                    INSERT INTO email_secrets (id, secret) VALUES (1, decode($1, 'hex')) ON CONFLICT (id) DO NOTHING RETURNING secret
                )
                SELECT secret FROM made UNION ALL SELECT secret FROM email_secrets WHERE id = 1
                """, [Hex.string(fresh)]).first
                // Another server made it meanwhile, after this statement's snapshot: read it now.
                ?? connection.query("SELECT secret FROM email_secrets WHERE id = 1").first
            guard let secret = try row?.decode(0, as: Data.self), secret.count >= 32 else {
                throw PostgresError(kind: .decoding, message: "no unsubscribe secret")
            }
            return Array(secret)
        }
    }

    public func unsubscribeTarget(messageID: Int64) async throws -> UnsubscribeTarget? {
        try await database.run { connection in
            guard let row = try connection.query("""
                SELECT m.id, m.address, m.kind, u.created_at
                  FROM email_messages m LEFT JOIN email_unsubscriptions u ON u.message = m.id
                 WHERE m.id = $1
                """, [messageID]).first else { return nil }
            var reader = row.reader()
            let id: Int64 = try reader.next()
            let address: String = try reader.next()
            let kind: MailKind = try Columns.enumValue(reader.next())
            return UnsubscribeTarget(messageID: id, address: address, list: kind.list, usedAt: try reader.optional())
        }
    }

    public func unsubscribe(messageID: Int64, method: UnsubscribeMethod) async throws -> Bool {
        try await database.run { connection in
            try connection.execute("""
                INSERT INTO email_unsubscriptions (address, list, message, method)
                SELECT m.address, CASE WHEN m.kind = 'reply' THEN 'replies' ELSE 'moderators' END, m.id, $2
                  FROM email_messages m WHERE m.id = $1
                ON CONFLICT (message) DO NOTHING
                """, [messageID, method.rawValue]) == 1
        }
    }
}
