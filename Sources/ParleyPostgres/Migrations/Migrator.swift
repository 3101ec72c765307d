import Foundation
import ParleyCore

/// Applies `sql/` migrations: each file once, in its own transaction, recording version
/// and checksum; refuses to run when an applied file was changed afterwards.
public struct Migrator: Sendable {
    public struct AppliedMigration: Sendable, Equatable {
        public let version: Int
        public let name: String
        public let checksum: String
        public let appliedAt: Date
    }

    public struct Plan: Sendable {
        public let applied: [AppliedMigration]
        public let pending: [Migration]
        public var isCurrent: Bool { pending.isEmpty }
    }

    let database: PostgresDatabase
    let migrations: [Migration]

    public init(database: PostgresDatabase, migrations: [Migration]) {
        self.database = database
        self.migrations = migrations
    }

    /// What is applied and what would be; throws when the recorded history and the files disagree.
    public func plan() async throws -> Plan {
        let migrations = self.migrations
        return try await database.run { connection in
            try Self.plan(connection, migrations: migrations)
        }
    }

    /// Applies what is pending (nothing with `dryRun`) and returns the plan it followed.
    @discardableResult
    public func migrate(dryRun: Bool = false, appliedBy: String = "parley") async throws -> Plan {
        let migrations = self.migrations
        return try await database.run { connection in
            // One migrator at a time per database; the key is a constant of parley's.
            try connection.execute("SELECT pg_advisory_lock(7072617201)")
            defer { _ = try? connection.execute("SELECT pg_advisory_unlock(7072617201)") }
            if !dryRun {
                try connection.execute("""
                    CREATE TABLE IF NOT EXISTS parley_migrations (
                        version    integer PRIMARY KEY,
                        name       text NOT NULL,
                        checksum   text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now(),
                        applied_by text NOT NULL
                    )
                    """)
            }
            let plan = try Self.plan(connection, migrations: migrations)
            if dryRun { return plan }
            for migration in plan.pending {
                try connection.transaction { connection in
                    try connection.executeScript(migration.sql)
                    try connection.execute(
                        "INSERT INTO parley_migrations (version, name, checksum, applied_by) VALUES ($1, $2, $3, $4)",
                        [migration.version, migration.name, migration.checksum, appliedBy])
                }
            }
            return plan
        }
    }

    static func plan(_ connection: PostgresConnection, migrations: [Migration]) throws -> Plan {
        let tableExists = try connection.query("SELECT to_regclass('parley_migrations') IS NOT NULL").first?.decode(0, as: Bool.self) ?? false
        var applied: [AppliedMigration] = []
        if tableExists {
            for row in try connection.query("SELECT version, name, checksum, applied_at FROM parley_migrations ORDER BY version").rows {
                var reader = row.reader()
                applied.append(AppliedMigration(version: try reader.next(), name: try reader.next(),
                                                checksum: try reader.next(), appliedAt: try reader.next()))
            }
        }
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for record in applied {
            guard let file = byVersion[record.version] else {
                throw ParleyError(.conflict, code: "migration_unknown",
                                  "The database has migration \(record.name), which this parley does not know; use the parley that applied it, or a newer one.")
            }
            if file.checksum != record.checksum {
                throw ParleyError(.conflict, code: "migration_changed",
                                  "The migration \(file.name) was changed after it was applied; restore the original file and put schema changes in a new migration.",
                                  details: ["migration": file.name])
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        return Plan(applied: applied, pending: migrations.filter { !appliedVersions.contains($0.version) })
    }
}
