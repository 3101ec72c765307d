/// Where parley's database is, decided the way psql decides: an explicit `--database`,
/// else `DATABASE_URL`, else libpq's own `PG*` variables and service files, else the
/// private cluster that `parley db start` manages.
public struct DatabaseLocation: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case option
        case databaseURL
        case libpqEnvironment
        case embedded(home: String)
    }

    /// A libpq connection string or URL; empty means libpq reads PG* and service files itself.
    public var conninfo: String
    public var source: Source

    public init(conninfo: String, source: Source) {
        self.conninfo = conninfo
        self.source = source
    }

    /// Variables that, when set, mean the user configured a server through libpq's conventions.
    public static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    public static func resolve(option: String?, environment: [String: String], home: ParleyHome) -> DatabaseLocation {
        if let option, !option.isEmpty {
            return DatabaseLocation(conninfo: option, source: .option)
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return DatabaseLocation(conninfo: url, source: .databaseURL)
        }
        if libpqVariables.contains(where: { !(environment[$0] ?? "").isEmpty }) {
            return DatabaseLocation(conninfo: "", source: .libpqEnvironment)
        }
        let cluster = LocalCluster(home: home)
        return DatabaseLocation(conninfo: cluster.conninfo(), source: .embedded(home: home.path))
    }

    public var isEmbedded: Bool {
        if case .embedded = source { return true }
        return false
    }

    /// How to describe this location in a message, without credentials.
    public var displayName: String {
        switch source {
        case .option: "the database given with --database"
        case .databaseURL: "the database in DATABASE_URL"
        case .libpqEnvironment: "the database named by the PG* environment variables"
        case .embedded(let home): "the local database in \(home)"
        }
    }
}
