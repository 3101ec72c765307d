import Logging
import ParleyCore
import ParleyPostgres

/// Periodic work a serving process does: comments whose stored HTML is missing or from an
/// older renderer are rendered again in the background (reads render such comments on the
/// fly meanwhile), and stored Idempotency-Key answers are forgotten after a day (long enough
/// for any client's retries).
public struct Housekeeping: Sendable {
    let database: PostgresDatabase
    let logger: Logger
    var answerLifetime: Double = 86_400
    var interval: Duration = .seconds(600)

    public init(database: PostgresDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Runs until cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                let rendered = try await database.comments.renderAllStoredHTML()
                if rendered > 0 { logger.notice("rendered stored comment HTML again", metadata: ["comments": "\(rendered)"]) }
            } catch {
                logger.debug("could not render stored comment HTML", metadata: ["error": "\(error)"])
            }
            do {
                let forgotten = try await database.idempotency.prune(olderThan: answerLifetime)
                if forgotten > 0 { logger.debug("forgot old idempotency answers", metadata: ["count": "\(forgotten)"]) }
            } catch {
                logger.debug("could not prune idempotency answers", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
