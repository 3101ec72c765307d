import ArgumentParser

/// Options every command that touches the database shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("database"), help: ArgumentHelp(
        "PostgreSQL connection URL or libpq string (default: DATABASE_URL, the PG* variables, else the local cluster).",
        valueName: "url"))
    var database: String?

    @Option(name: .customLong("migrations"), help: ArgumentHelp(
        "Read migrations from this folder instead of the ones built into parley.", valueName: "dir"))
    var migrations: String?
}

/// `--json` / `--jsonl` for listings.
struct OutputOptions: ParsableArguments {
    @Flag(name: .customLong("json"), help: "Print one JSON document.")
    var json = false

    @Flag(name: .customLong("jsonl"), help: "Print one JSON object per line.")
    var jsonl = false

    func validate() throws {
        if json && jsonl { throw ValidationError("Choose one of --json and --jsonl.") }
    }
}
