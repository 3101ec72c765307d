import ArgumentParser

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage parley's private PostgreSQL cluster (under .parley/ or PARLEY_HOME).",
        subcommands: [DatabaseStart.self, DatabaseStop.self, DatabaseStatus.self, DatabaseURL.self]
    )
}
