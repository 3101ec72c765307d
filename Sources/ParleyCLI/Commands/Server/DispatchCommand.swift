import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyPostgres

struct DispatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Send the outbox's webhooks until SIGTERM or Ctrl-C (a process of its own; `parley serve` sends them too).",
        discussion: """
            Several dispatchers (and servers) share the outbox: each claims deliveries nobody else holds. \
            A dispatcher that is killed loses nothing: what it held is sent again once its lease ends.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dispatch: DispatchOptions
    @Option(name: .customLong("listen-database"), help: ArgumentHelp(
        "Where LISTEN connects, e.g. directly when --database goes through PgBouncer (PARLEY_LISTEN_DATABASE_URL; default: the database).",
        valueName: "url")) var listenDatabase: String?

    func run() async throws {
        let settings = try dispatch.settings()
        var logger = Logger(label: "parley.dispatch")
        logger.logLevel = ProcessInfo.processInfo.environment["PARLEY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        let context = CommandContext.make(global, connections: 4)
        let database = context.database
        do {
            _ = try await database.outbox.statistics()
        } catch let error as ParleyError where error.kind == .unavailable && error.code != "schema_missing" {
            logger.warning("database unavailable at start; dispatching once it returns", metadata: ["error": "\(error.message)"])
        } catch {
            await database.shutdown()
            throw error
        }
        let dispatching = WebhookDispatching(database: database, settings: settings, logger: logger)
        let dispatcher = dispatching.dispatcher
        let listener = NotificationListener(
            conninfo: listenDatabase ?? context.environment["PARLEY_LISTEN_DATABASE_URL"] ?? database.location.conninfo,
            channel: PostgresOutboxRepository.channel, logger: logger,
            onConnect: { dispatcher.wake() }, onNotification: { _ in dispatcher.wake() })
        listener.start()
        logger.notice("parley dispatching webhooks", metadata: ["database": "\(database.location.displayName)"])
        await StopSignals.wait()
        logger.notice("parley dispatch stopping; finishing the deliveries under way")
        await dispatching.stop()
        listener.stop()
        await database.shutdown()
    }
}
