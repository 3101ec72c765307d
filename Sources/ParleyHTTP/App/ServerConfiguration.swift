import Foundation

/// Everything `parley serve` can be told, with a newsroom's defaults. Filled from flags,
/// environment variables (PARLEY_*) and an optional JSON config file, in that order of priority.
public struct ServerConfiguration: Sendable, Equatable, Codable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest request body accepted (bytes); larger gets 413.
    public var bodyLimit = 64 * 1024
    /// Origins allowed to call the API from a browser (CORS); empty allows none.
    public var corsOrigins: [String] = []
    /// How long after posting the author may edit or delete with the edit token (seconds).
    public var editWindow = 15 * 60
    /// Writes (POST, PATCH, DELETE) per address per minute; 0 turns the limit off.
    public var writesPerMinutePerIP = 30
    /// Reads per address per minute; 0 turns the limit off.
    public var readsPerMinutePerIP = 1200
    /// Comments per author per minute through the API; 0 turns the limit off.
    public var commentsPerMinutePerAuthor = 10
    /// Take the client address from X-Forwarded-For (behind a trusted proxy or CDN).
    public var trustForwardedFor = false
    /// Seconds a rendered thread or count may be served from memory before it is read again.
    public var cacheSeconds = 1.0
    /// Database connections of the server's pool.
    public var databaseConnections = 16
    /// Serve /demo/{key}: an article page with the embed, for trying parley out.
    public var demoPages = false
    /// Standbys for thread pages, counts and live catch-up (a libpq URL, multi-host allowed);
    /// nil: the primary serves every read.
    public var readDatabaseURL: String?
    /// Seconds a read standby may fall behind before it stops serving reads until it catches up.
    public var readMaxLag = 5.0
    /// Seconds a post keeps trying while the database is unavailable (a failover) before it
    /// is answered 503; 0 answers at once.
    public var failoverWait = 30.0
    /// Where LISTEN connects (a direct connection when `--database` goes through PgBouncer in
    /// transaction mode, which never delivers notifications); nil: the main database.
    public var listenDatabaseURL: String?
    /// Seconds between keep-alive comments on live event streams (not in the config file).
    public var liveKeepAliveSeconds = 15.0
    /// First and largest receive buffer of a connection, in bytes (not in the config file).
    /// NIO keeps a connection's buffer while it lives: with 10,000 open event streams its
    /// default first size (2 kB) was a tenth of their memory, while a request to parley is a
    /// few hundred bytes; the buffer grows by doubling for longer ones, up to the maximum.
    public var receiveBufferInitial = 512
    public var receiveBufferMaximum = 16 * 1024

    public init() {}

    enum CodingKeys: String, CodingKey {
        case host, port
        case bodyLimit = "body_limit"
        case corsOrigins = "cors_origins"
        case editWindow = "edit_window"
        case writesPerMinutePerIP = "writes_per_minute_per_ip"
        case readsPerMinutePerIP = "reads_per_minute_per_ip"
        case commentsPerMinutePerAuthor = "comments_per_minute_per_author"
        case trustForwardedFor = "trust_forwarded_for"
        case cacheSeconds = "cache_seconds"
        case databaseConnections = "database_connections"
        case demoPages = "demo_pages"
        case readDatabaseURL = "read_database_url"
        case readMaxLag = "read_max_lag"
        case listenDatabaseURL = "listen_database_url"
        case failoverWait = "failover_wait"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ServerConfiguration()
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        bodyLimit = try container.decodeIfPresent(Int.self, forKey: .bodyLimit) ?? defaults.bodyLimit
        corsOrigins = try container.decodeIfPresent([String].self, forKey: .corsOrigins) ?? defaults.corsOrigins
        editWindow = try container.decodeIfPresent(Int.self, forKey: .editWindow) ?? defaults.editWindow
        writesPerMinutePerIP = try container.decodeIfPresent(Int.self, forKey: .writesPerMinutePerIP) ?? defaults.writesPerMinutePerIP
        readsPerMinutePerIP = try container.decodeIfPresent(Int.self, forKey: .readsPerMinutePerIP) ?? defaults.readsPerMinutePerIP
        commentsPerMinutePerAuthor = try container.decodeIfPresent(Int.self, forKey: .commentsPerMinutePerAuthor) ?? defaults.commentsPerMinutePerAuthor
        trustForwardedFor = try container.decodeIfPresent(Bool.self, forKey: .trustForwardedFor) ?? defaults.trustForwardedFor
        cacheSeconds = try container.decodeIfPresent(Double.self, forKey: .cacheSeconds) ?? defaults.cacheSeconds
        databaseConnections = try container.decodeIfPresent(Int.self, forKey: .databaseConnections) ?? defaults.databaseConnections
        demoPages = try container.decodeIfPresent(Bool.self, forKey: .demoPages) ?? defaults.demoPages
        readDatabaseURL = try container.decodeIfPresent(String.self, forKey: .readDatabaseURL)
        readMaxLag = try container.decodeIfPresent(Double.self, forKey: .readMaxLag) ?? defaults.readMaxLag
        listenDatabaseURL = try container.decodeIfPresent(String.self, forKey: .listenDatabaseURL)
        failoverWait = try container.decodeIfPresent(Double.self, forKey: .failoverWait) ?? defaults.failoverWait
    }

    /// Overrides from PARLEY_* variables (PARLEY_PORT, PARLEY_CORS_ORIGINS=a,b, ...).
    public mutating func apply(environment: [String: String]) {
        func int(_ name: String) -> Int? { environment[name].flatMap(Int.init) }
        if let value = environment["PARLEY_HOST"], !value.isEmpty { host = value }
        if let value = int("PARLEY_PORT") { port = value }
        if let value = int("PARLEY_BODY_LIMIT") { bodyLimit = value }
        if let value = environment["PARLEY_CORS_ORIGINS"] {
            corsOrigins = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let value = int("PARLEY_EDIT_WINDOW") { editWindow = value }
        if let value = int("PARLEY_WRITES_PER_MINUTE") { writesPerMinutePerIP = value }
        if let value = int("PARLEY_READS_PER_MINUTE") { readsPerMinutePerIP = value }
        if let value = int("PARLEY_COMMENTS_PER_MINUTE") { commentsPerMinutePerAuthor = value }
        if let value = environment["PARLEY_TRUST_FORWARDED_FOR"] { trustForwardedFor = ["1", "true", "yes"].contains(value.lowercased()) }
        if let value = environment["PARLEY_CACHE_SECONDS"].flatMap(Double.init) { cacheSeconds = value }
        if let value = int("PARLEY_DB_CONNECTIONS") { databaseConnections = value }
        if let value = environment["PARLEY_DEMO_PAGES"] { demoPages = ["1", "true", "yes"].contains(value.lowercased()) }
        if let value = environment["PARLEY_READ_DATABASE_URL"], !value.isEmpty { readDatabaseURL = value }
        if let value = environment["PARLEY_READ_MAX_LAG"].flatMap(Double.init) { readMaxLag = value }
        if let value = environment["PARLEY_LISTEN_DATABASE_URL"], !value.isEmpty { listenDatabaseURL = value }
        if let value = environment["PARLEY_FAILOVER_WAIT"].flatMap(Double.init) { failoverWait = value }
    }

    /// A JSON config file (keys as in `CodingKeys`; unknown keys are refused).
    public static func load(file: String) throws -> ServerConfiguration {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError("Cannot read the config file \(file).")
        }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let known = Set(["host", "port", "body_limit", "cors_origins", "edit_window", "writes_per_minute_per_ip",
                             "reads_per_minute_per_ip", "comments_per_minute_per_author", "trust_forwarded_for", "cache_seconds",
                             "database_connections", "demo_pages", "read_database_url", "read_max_lag", "listen_database_url",
                             "failover_wait"])
            if let unknown = object.keys.first(where: { !known.contains($0) }) {
                throw ConfigurationError("The config file \(file) has an unknown key \"\(unknown)\".")
            }
        }
        do {
            return try JSONDecoder().decode(ServerConfiguration.self, from: data)
        } catch {
            throw ConfigurationError("The config file \(file) is not valid: \(error).")
        }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
