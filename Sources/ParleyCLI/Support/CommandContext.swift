import Foundation
import Logging
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// What a command needs to do its work: where parley's home is, the database, the
/// discussion service. Built once per command run and closed after it.
struct CommandContext: Sendable {
    /// A read database for `parley serve`.
    struct ReplicaSettings {
        var url: String
        var maximumLag: Double
    }

    let environment: [String: String]
    let home: ParleyHome
    let location: DatabaseLocation
    let database: PostgresDatabase
    let logger: Logger
    let settings: DiscussionSettings
    let migrationsFolder: String?

    static func make(_ options: GlobalOptions, connections: Int = 4, replica: ReplicaSettings? = nil) -> CommandContext {
        let environment = ProcessInfo.processInfo.environment
        let home = ParleyHome.resolve(environment: environment)
        let location = DatabaseLocation.resolve(option: options.database, environment: environment, home: home)
        let logger = Logger(label: "parley")
        let readReplica = replica.map {
            ReadReplica(location: DatabaseLocation(conninfo: $0.url, source: .option), maximumConnections: connections,
                        maximumLag: $0.maximumLag, logger: logger)
        }
        return CommandContext(
            environment: environment, home: home, location: location,
            database: PostgresDatabase(location: location, maximumConnections: connections, replica: readReplica, logger: logger),
            logger: logger, settings: Self.settings(environment), migrationsFolder: options.migrations)
    }

    /// Runs `body` with a context and closes its connections afterwards, whatever happens.
    static func with<T>(_ options: GlobalOptions, connections: Int = 4, _ body: (CommandContext) async throws -> T) async throws -> T {
        let context = make(options, connections: connections)
        do {
            let value = try await body(context)
            await context.database.shutdown()
            return value
        } catch {
            await context.database.shutdown()
            throw error
        }
    }

    /// For reading, reporting, voting and deleting: nothing is moderated.
    var discussion: Discussion {
        Discussion(articles: database.articles, comments: database.comments, moderation: ArticleModePolicy(), settings: settings)
    }

    var desk: ModerationDesk {
        ModerationDesk(repository: database.desk, settings: settings)
    }

    /// For posting and editing: the ruleset in force decides.
    func moderatedDiscussion() async throws -> Discussion {
        let engine = try await RulesEngine.load(from: database.rulesets)
        return Discussion(articles: database.articles, comments: database.comments, moderation: engine, settings: settings)
    }

    func migrations() throws -> [Migration] {
        if let migrationsFolder { return try Migration.load(directory: migrationsFolder) }
        return try Migration.embedded()
    }

    /// Limits from the environment (PARLEY_MAX_BODY, PARLEY_REPORT_THRESHOLD, PARLEY_TRUST_AFTER).
    static func settings(_ environment: [String: String]) -> DiscussionSettings {
        var settings = DiscussionSettings()
        if let value = environment["PARLEY_MAX_BODY"].flatMap(Int.init), value > 0 { settings.maxBodyLength = value }
        if let value = environment["PARLEY_REPORT_THRESHOLD"].flatMap(Int.init), value > 0 { settings.reportThreshold = value }
        if let value = environment["PARLEY_TRUST_AFTER"].flatMap(Int.init), value > 0 { settings.trustPromotionThreshold = value }
        return settings
    }

    /// The person at the terminal, for the audit log: PARLEY_MODERATOR, else the OS user.
    func operatorName(_ explicit: String? = nil) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let name = environment["PARLEY_MODERATOR"], !name.isEmpty { return name }
        if let name = environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
        return getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "operator"
    }
}
