import Foundation
import ParleyCore

/// The PostgreSQL server programs (initdb, pg_ctl) on this machine.
struct ServerPrograms: Sendable {
    let directory: String

    var initdb: String { directory + "/initdb" }
    var pgCtl: String { directory + "/pg_ctl" }

    /// `PARLEY_PG_BIN`, else the newest `/usr/lib/postgresql/N/bin` (Debian's layout), else PATH.
    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerPrograms {
        var candidates: [String] = []
        if let configured = environment["PARLEY_PG_BIN"], !configured.isEmpty {
            candidates.append(configured)
        }
        let debianRoot = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debianRoot)) ?? [])
            .compactMap { Int($0) }
            .sorted(by: >)
        candidates += versions.map { "\(debianRoot)/\($0)/bin" }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in candidates {
            let programs = ServerPrograms(directory: directory)
            if FileManager.default.isExecutableFile(atPath: programs.initdb),
               FileManager.default.isExecutableFile(atPath: programs.pgCtl) {
                return programs
            }
        }
        throw ParleyError.localCluster(
            "The PostgreSQL server programs (initdb, pg_ctl) are not installed; install them with `apt-get install postgresql` or set PARLEY_PG_BIN to their folder.")
    }
}
