import ArgumentParser
import Foundation
import ParleyPostgres

struct DatabaseStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Create the local cluster on first use and start it; does nothing when it runs.",
        discussion: """
            After its server was killed or crashed, start waits (up to 30 s) for the killed server's \
            processes to exit and release its shared memory, saying on stderr what it waits for, \
            then starts it again; PostgreSQL replays its log.
            """)

    func run() async throws {
        let cluster = LocalCluster(home: ParleyHome.resolve(environment: ProcessInfo.processInfo.environment))
        let outcome = try cluster.start { Terminal.standardError.writeLine("parley: " + $0) }
        let port = cluster.configuration.map { String($0.port) } ?? "?"
        switch outcome {
        case .created: print("Created and started the local database in \(cluster.home.path) (port \(port)).")
        case .started: print("Started the local database in \(cluster.home.path) (port \(port)).")
        case .recovered: print("Started the local database in \(cluster.home.path) again after its server was killed (port \(port)).")
        case .alreadyRunning: print("The local database in \(cluster.home.path) is already running (port \(port)).")
        }
    }
}
