import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct DatabaseStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Say whether the local cluster exists and runs; exits 3 when it does not run.")

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let cluster = LocalCluster(home: ParleyHome.resolve(environment: ProcessInfo.processInfo.environment))
        let status = try cluster.status()
        let configuration = cluster.configuration
        if output.json || output.jsonl {
            var fields: [String: String] = ["home": cluster.home.path]
            switch status {
            case .notCreated: fields["status"] = "not-created"
            case .stopped: fields["status"] = "stopped"
            case .running(let pid):
                fields["status"] = "running"
                fields["pid"] = String(pid)
            }
            if let configuration {
                fields["port"] = String(configuration.port)
                fields["data_directory"] = configuration.dataDirectory
                fields["url"] = configuration.socketURL
            }
            let data = try ParleyJSON.encoder(pretty: output.json).encode(fields)
            print(String(decoding: data, as: UTF8.self))
        } else {
            switch status {
            case .notCreated:
                print("No local database in \(cluster.home.path); create it with `parley db start`.")
            case .stopped:
                print("The local database in \(cluster.home.path) is stopped.")
            case .running(let pid):
                print("The local database in \(cluster.home.path) is running (pid \(pid), port \(configuration?.port ?? 0)).")
                if let configuration {
                    print("data:   \(configuration.dataDirectory)")
                    print("log:    \(configuration.logFile)")
                    print("url:    \(configuration.socketURL)")
                }
            }
        }
        if case .running = status { return }
        throw ExitCode(3)
    }
}
