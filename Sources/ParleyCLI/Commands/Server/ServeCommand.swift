import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import ParleyCore
import ParleyHTTP
import ParleyModeration
import ParleyPostgres
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (API.md) until SIGTERM or Ctrl-C; in-flight requests finish first.",
        discussion: """
            Settings come from flags, else PARLEY_* environment variables, else --config FILE (JSON with the keys \
            host, port, body_limit, cors_origins, edit_window, writes_per_minute_per_ip, reads_per_minute_per_ip, \
            comments_per_minute_per_author, trust_forwarded_for, cache_seconds, database_connections, demo_pages), else defaults. \
            Email (reply notifications, moderator alerts) goes through msmtp to PARLEY_SMTP_URL (smtp://host:port), from \
            PARLEY_MAIL_FROM, with links to PARLEY_PUBLIC_URL, at most PARLEY_MAIL_PER_HOUR (10) messages an hour per \
            address, and a queue alert at PARLEY_QUEUE_ALERT (50) held comments; without PARLEY_SMTP_URL no mail is sent.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port (default 8080).") var port: Int?
    @Option(help: "A JSON configuration file.") var config: String?
    @Option(name: .customLong("cors-origin"), help: "A site origin allowed to call the API from a browser (repeatable).") var corsOrigins: [String] = []
    @Option(name: .customLong("body-limit"), help: "Largest request body in bytes (default 65536).") var bodyLimit: Int?
    @Option(name: .customLong("edit-window"), help: "Seconds during which an author may edit or delete (default 900).") var editWindow: Int?
    @Option(name: .customLong("writes-per-minute"), help: "Writes per address per minute; 0 turns it off (default 30).") var writesPerMinute: Int?
    @Option(name: .customLong("reads-per-minute"), help: "Reads per address per minute; 0 turns it off (default 1200).") var readsPerMinute: Int?
    @Option(name: .customLong("comments-per-minute"), help: "Comments per author per minute; 0 turns it off (default 10).") var commentsPerMinute: Int?
    @Flag(name: .customLong("trust-forwarded-for"), help: "Take client addresses from X-Forwarded-For (behind a proxy).") var trustForwardedFor = false
    @Option(name: .customLong("cache-seconds"), help: "Seconds a rendered thread or count may be served from memory (default 1; 0 turns it off).") var cacheSeconds: Double?
    @Option(name: .customLong("db-connections"), help: "Database connections (default 16).") var databaseConnections: Int?
    @Option(name: .customLong("read-database"), help: ArgumentHelp(
        "Standbys for thread pages, counts and live catch-up: a libpq URL, multi-host allowed (PARLEY_READ_DATABASE_URL).",
        valueName: "url")) var readDatabase: String?
    @Option(name: .customLong("read-max-lag"), help: "Seconds a read standby may fall behind before reads leave it (default 5).") var readMaxLag: Double?
    @Option(name: .customLong("listen-database"), help: ArgumentHelp(
        "Where LISTEN connects, e.g. directly when --database goes through PgBouncer (PARLEY_LISTEN_DATABASE_URL; default: the database).",
        valueName: "url")) var listenDatabase: String?
    @Option(name: .customLong("failover-wait"), help: "Seconds a post keeps trying while the database is unavailable before it gets 503 (default 30; 0: at once).") var failoverWait: Double?
    @Flag(name: .customLong("no-group-commit"), help: "Commit each post on its own instead of in batches (for benchmarks).") var noGroupCommit = false
    @Flag(name: .customLong("no-dispatch"), help: "Send no webhooks from this server (run `parley dispatch` for them instead).") var noDispatch = false
    @OptionGroup var dispatch: DispatchOptions
    @Flag(name: .customLong("demo-pages"), help: "Serve /demo/KEY: an article page with the reader's embed (PARLEY_DEMO_PAGES=1).") var demoPages = false

    func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        if let config {
            do { configuration = try ServerConfiguration.load(file: config) } catch { throw ParleyError.invalid("\(error)", code: "invalid_config") }
        }
        configuration.apply(environment: ProcessInfo.processInfo.environment)
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if !corsOrigins.isEmpty { configuration.corsOrigins = corsOrigins }
        if let bodyLimit { configuration.bodyLimit = bodyLimit }
        if let editWindow { configuration.editWindow = editWindow }
        if let writesPerMinute { configuration.writesPerMinutePerIP = writesPerMinute }
        if let readsPerMinute { configuration.readsPerMinutePerIP = readsPerMinute }
        if let commentsPerMinute { configuration.commentsPerMinutePerAuthor = commentsPerMinute }
        if trustForwardedFor { configuration.trustForwardedFor = true }
        if let cacheSeconds { configuration.cacheSeconds = cacheSeconds }
        if let databaseConnections { configuration.databaseConnections = databaseConnections }
        if demoPages { configuration.demoPages = true }
        if let readDatabase { configuration.readDatabaseURL = readDatabase }
        if let readMaxLag { configuration.readMaxLag = readMaxLag }
        if let listenDatabase { configuration.listenDatabaseURL = listenDatabase }
        if let failoverWait { configuration.failoverWait = failoverWait }
        guard configuration.failoverWait >= 0, configuration.failoverWait <= 3600 else {
            throw ParleyError.invalid("--failover-wait is 0 to 3600 seconds.", code: "invalid_config")
        }
        guard configuration.readMaxLag > 0 else {
            throw ParleyError.invalid("--read-max-lag must be a positive number of seconds.", code: "invalid_config")
        }
        guard (1...65_535).contains(configuration.port), configuration.bodyLimit > 0, configuration.databaseConnections > 0 else {
            throw ParleyError.invalid("The port, body limit and connection count must be positive (port up to 65535).", code: "invalid_config")
        }
        return configuration
    }

    func run() async throws {
        let configuration = try configuration()
        let dispatchSettings = try dispatch.settings()
        var serverLogger = Logger(label: "parley.http")
        serverLogger.logLevel = ProcessInfo.processInfo.environment["PARLEY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        let logger = serverLogger
        let metrics = ParleyMetrics()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))

        let base = CommandContext.make(global, connections: configuration.databaseConnections,
                                       replica: configuration.readDatabaseURL.map { .init(url: $0, maximumLag: configuration.readMaxLag) })
        let database = base.database
        let engine: RulesEngine
        do {
            engine = try await RulesEngine.load(from: database.rulesets)
        } catch let error as ParleyError where error.kind == .unavailable {
            logger.warning("database unavailable at start; serving 503 until it returns", metadata: ["error": "\(error.message)"])
            engine = RulesEngine(ruleset: DefaultRuleset.compiled, version: nil)
        }
        var settings = base.settings
        if noGroupCommit { settings.groupCommit = false }
        settings.unavailableRetry = .milliseconds(Int64(configuration.failoverWait * 1000))
        let services = ParleyServices(configuration: configuration, database: database, engine: engine, settings: settings,
                                      metrics: metrics, logger: logger, render: CommentHTML.render)
        // Webhooks: this server sends them too, unless --no-dispatch.
        let dispatching = noDispatch ? nil : WebhookDispatching(database: database, settings: dispatchSettings, logger: logger)
        let dispatcher = dispatching?.dispatcher
        if let dispatcher { metrics.watch(dispatcher) }
        // One LISTEN connection per process, for rule changes, live events and the outbox alike.
        let live = services.live
        let listener = NotificationListener(
            conninfo: configuration.listenDatabaseURL ?? database.location.conninfo,
            channels: [PostgresRulesetRepository.channel, PostgresLiveEventRepository.channel, PostgresOutboxRepository.channel],
            logger: logger,
            onConnect: {
                Task { try? await engine.refresh(from: database.rulesets) }
                live.listenerConnected()
                dispatcher?.wake()
            },
            onNotification: { channel, payload in
                if channel == PostgresLiveEventRepository.channel {
                    live.notified(payload: payload)
                    return
                }
                if channel == PostgresOutboxRepository.channel {
                    dispatcher?.wake()
                    return
                }
                Task {
                    if (try? await engine.refresh(from: database.rulesets)) == true {
                        logger.notice("ruleset reloaded", metadata: ["ruleset": "\(engine.active.label)"])
                    }
                }
            })
        listener.start()
        let liveTask = Task { await live.run() }
        defer { liveTask.cancel() }
        let housekeeping = Task { await Housekeeping(database: database, logger: logger).run() }
        defer { housekeeping.cancel() }
        let replicaMonitor = Task { await ReplicaMonitor(database: database, logger: logger).run() }
        defer { replicaMonitor.cancel() }
        let environment = ProcessInfo.processInfo.environment
        let mailSettings = try ServeMail.settings(configuration: configuration, environment: environment, logger: logger)
        let mail = Task {
            if let mailSettings { await ServeMail.run(settings: mailSettings, database: database, environment: environment, logger: logger) }
        }
        defer { mail.cancel() }
        logger.notice("parley serving", metadata: ["address": "http://\(configuration.host):\(configuration.port)",
                                                   "database": "\(database.location.displayName)", "ruleset": "\(engine.active.label)"])
        let app = buildApplication(services: services, logger: logger)
        do {
            try await app.runService()
        } catch {
            listener.stop()
            await dispatching?.stop()
            await database.shutdown()
            throw ParleyError.invalid("The server stopped: \(error)", code: "server_failed")
        }
        listener.stop()
        await dispatching?.stop()
        await database.shutdown()
    }
}
