import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct DatabaseURL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print the local cluster's connection URL (for psql, DATABASE_URL, pgbench).")

    @Flag(name: .customLong("tcp"), help: "The URL over 127.0.0.1 with its password, instead of the unix socket.")
    var tcp = false

    func run() async throws {
        let cluster = LocalCluster(home: ParleyHome.resolve(environment: ProcessInfo.processInfo.environment))
        guard let configuration = cluster.configuration else {
            throw ParleyError.localCluster("There is no local database in \(cluster.home.path) yet; create it with `parley db start`.")
        }
        print(tcp ? configuration.tcpURL : configuration.socketURL)
    }
}
