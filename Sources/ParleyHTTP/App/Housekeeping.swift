import Logging
import ParleyCore
import ParleyPostgres

/// Periodic clean-up a serving process does: stored Idempotency-Key answers are kept for a
/// day (long enough for any client's retries), then forgotten.
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
                let forgotten = try await database.idempotency.prune(olderThan: answerLifetime)
                if forgotten > 0 { logger.debug("forgot old idempotency answers", metadata: ["count": "\(forgotten)"]) }
            } catch {
                logger.debug("could not prune idempotency answers", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
