import Logging
import ParleyPostgres

/// Measures the read database's lag every second (`PostgresDatabase.measureReplicaLag`),
/// which closes a standby that fell behind `--read-max-lag` to reads and opens it again once
/// it caught up; says so in the log when that changes.
public struct ReplicaMonitor: Sendable {
    let database: PostgresDatabase
    let logger: Logger
    var interval: Duration = .seconds(1)

    public init(database: PostgresDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Runs until cancelled; returns at once without a read database.
    public func run() async {
        guard let replica = database.replica else { return }
        var wasServing = true
        while !Task.isCancelled {
            let lag = await database.measureReplicaLag()
            let serving = replica.serving
            if serving != wasServing {
                if serving {
                    logger.notice("read database serving reads again", metadata: ["lag_seconds": "\(lag?.seconds ?? 0)"])
                } else {
                    logger.warning("read database closed to reads: behind or away; the primary serves them",
                                   metadata: ["lag_seconds": "\(lag.map { "\($0.seconds)" } ?? "unreachable")",
                                              "limit_seconds": "\(replica.maximumLag)"])
                }
                wasServing = serving
            }
            try? await Task.sleep(for: interval)
        }
    }
}
