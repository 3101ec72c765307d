import Foundation
import ParleyCore

/// The moderator list (`parley notify moderators`).
extension PostgresMailRepository {
    // MARK: The moderator list

    static let moderatorColumns = """
        mr.address, mr.added_at, mr.added_by,
        (SELECT max(u.created_at) FROM email_unsubscriptions u
          WHERE lower(u.address) = lower(mr.address) AND u.list = 'moderators' AND u.created_at > mr.added_at)
        """

    static func moderator(_ row: Row) throws -> ModeratorRecipient {
        var reader = row.reader()
        return ModeratorRecipient(address: try reader.next(), addedAt: try reader.next(), addedBy: try reader.next(),
                                  unsubscribedAt: try reader.optional())
    }

    public func addModerator(address: String, by: String) async throws -> ModeratorRecipient {
        let address = try TextRules.email(address)
        return try await database.run { connection in
            let row = try connection.query("""
                WITH added AS (
                    INSERT INTO moderator_recipients AS mr (address, added_by) VALUES ($1, $2)
                    ON CONFLICT (lower(address)) DO UPDATE SET address = EXCLUDED.address, added_at = now(), added_by = EXCLUDED.added_by
                    RETURNING mr.*
                )
                SELECT \(Self.moderatorColumns) FROM added mr
                """, [address, by]).first!
            return try Self.moderator(row)
        }
    }

    public func moderators() async throws -> [ModeratorRecipient] {
        try await database.run { connection in
            try connection.query("SELECT \(Self.moderatorColumns) FROM moderator_recipients mr ORDER BY lower(mr.address)").rows
                .map(Self.moderator)
        }
    }

    public func removeModerator(address: String) async throws -> Bool {
        let address = address.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await database.run { connection in
            try connection.execute("DELETE FROM moderator_recipients WHERE lower(address) = lower($1)", [address]) > 0
        }
    }
}
