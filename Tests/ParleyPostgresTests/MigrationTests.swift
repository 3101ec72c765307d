import Foundation
import Testing
import ParleyCore
import ParleyPostgres
import ParleyTestSupport

@Suite struct MigrationTests {
    @Test func migratesFromZeroAndReRunsAsANoOp() async throws {
        let test = try await TestDatabase.make(migrated: false)
        defer { Task { await test.close() } }
        let migrations = try Migration.embedded()
        #expect(migrations.count >= 6)
        #expect(migrations.map(\.version) == migrations.map(\.version).sorted())

        let migrator = test.database.migrator(migrations: migrations)
        let first = try await migrator.migrate()
        #expect(first.pending.count == migrations.count)
        #expect(try await migrator.plan().isCurrent)

        let second = try await migrator.migrate()
        #expect(second.pending.isEmpty)
        #expect(second.applied.count == migrations.count)

        let connection = try test.connection()
        defer { connection.close() }
        let tables = try connection.query(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1::text[])",
            [["articles", "authors", "comments", "comment_edits", "votes", "reports", "moderation_events", "rulesets", "api_tokens"]])
        #expect(try tables.first?.decode(0, as: Int.self) == 9)
        let recorded = try connection.query("SELECT count(*), count(DISTINCT checksum) FROM parley_migrations").first
        #expect(try recorded?.decode(0, as: Int.self) == migrations.count)
    }

    @Test func dryRunChangesNothing() async throws {
        let test = try await TestDatabase.make(migrated: false)
        defer { Task { await test.close() } }
        let plan = try await test.database.migrator(migrations: try Migration.embedded()).migrate(dryRun: true)
        #expect(plan.pending.count == (try Migration.embedded()).count)
        let connection = try test.connection()
        defer { connection.close() }
        let exists = try connection.query("SELECT to_regclass('articles') IS NOT NULL OR to_regclass('parley_migrations') IS NOT NULL").first
        #expect(try exists?.decode(0, as: Bool.self) == false)
    }

    @Test func refusesWhenAnAppliedFileWasEdited() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        var migrations = try Migration.embedded()
        let original = migrations[0]
        migrations[0] = try Migration(name: original.name, bytes: Data((original.sql + "\n-- tampered\n").utf8))
        await #expect(throws: ParleyError.self) {
            try await test.database.migrator(migrations: migrations).migrate()
        }
        do {
            try await test.database.migrator(migrations: migrations).migrate()
        } catch let error as ParleyError {
            #expect(error.code == "migration_changed")
            #expect(error.message.contains(original.name))
        }
    }

    @Test func refusesADatabaseWithAMigrationItDoesNotKnow() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        let migrations = Array(try Migration.embedded().dropLast())
        do {
            try await test.database.migrator(migrations: migrations).migrate()
            Issue.record("expected a refusal")
        } catch let error as ParleyError {
            #expect(error.code == "migration_unknown")
        }
    }

    @Test func appliesOnlyNewFilesAndEachInItsOwnTransaction() async throws {
        let test = try await TestDatabase.make()
        defer { Task { await test.close() } }
        var migrations = try Migration.embedded()
        let next = String(format: "%04d", (migrations.last?.version ?? 0) + 1)
        migrations.append(try Migration(name: "\(next)_broken.sql", bytes: Data("CREATE TABLE half_done (id int); SELECT no_such_function();".utf8)))
        await #expect(throws: (any Error).self) {
            try await test.database.migrator(migrations: migrations).migrate()
        }
        let connection = try test.connection()
        defer { connection.close() }
        // The failed file left nothing behind and was not recorded.
        #expect(try connection.query("SELECT to_regclass('half_done') IS NULL").first?.decode(0, as: Bool.self) == true)
        #expect(try connection.query("SELECT count(*) FROM parley_migrations WHERE name = $1", ["\(next)_broken.sql"]).first?.decode(0, as: Int.self) == 0)
    }

    @Test func rejectsBadFileNames() {
        #expect(throws: ParleyError.self) { try Migration(name: "create.sql", bytes: Data()) }
        #expect(throws: ParleyError.self) { try Migration(name: "0001_x.sql", bytes: Data([0xff, 0xfe])) }
    }
}
