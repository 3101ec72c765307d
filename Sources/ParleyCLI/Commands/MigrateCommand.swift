import ArgumentParser
import ParleyCore
import ParleyPostgres

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the schema migrations (built into parley from sql/) that the database lacks.",
        discussion: "Each file is applied once, in a transaction, with its version and checksum recorded; parley refuses to run when an applied file was changed afterwards.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("dry-run"), help: "Show what would be applied; change nothing.")
    var dryRun = false

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let migrator = context.database.migrator(migrations: try context.migrations())
            let plan = try await migrator.migrate(dryRun: dryRun, appliedBy: context.operatorName())
            if plan.pending.isEmpty {
                print("The database is up to date (\(plan.applied.count) migrations applied).")
                return
            }
            let verb = dryRun ? "Would apply" : "Applied"
            for migration in plan.pending {
                print("\(verb) \(migration.name)")
            }
            print("\(dryRun ? "Would apply" : "Applied") \(plan.pending.count) migration\(plan.pending.count == 1 ? "" : "s"); \(plan.applied.count) were already applied.")
        }
    }
}
