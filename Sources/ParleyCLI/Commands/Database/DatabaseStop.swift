import ArgumentParser
import Foundation
import ParleyPostgres

struct DatabaseStop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the local cluster; does nothing when it is not running.")

    func run() async throws {
        let cluster = LocalCluster(home: ParleyHome.resolve(environment: ProcessInfo.processInfo.environment))
        if try cluster.stop() {
            print("Stopped the local database in \(cluster.home.path).")
        } else {
            print("The local database in \(cluster.home.path) is not running.")
        }
    }
}
