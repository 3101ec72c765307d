import Logging
import ParleyPostgres

/// A benchmark's scratch database, open for the length of `body` and shut down however it ends.
enum BenchDatabase {
    static func with<T>(_ conninfo: String, connections: Int, _ body: (PostgresDatabase) async throws -> T) async throws -> T {
        let database = PostgresDatabase(location: DatabaseLocation(conninfo: conninfo, source: .option),
                                        maximumConnections: connections, logger: Logger(label: "bench"))
        do {
            let value = try await body(database)
            await database.shutdown()
            return value
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
