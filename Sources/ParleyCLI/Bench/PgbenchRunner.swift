import Foundation
import ParleyCore
import ParleyPostgres

/// Runs PostgreSQL's own pgbench as the baseline: single-row INSERTs into `comments`.
struct PgbenchRunner {
    let executable: String
    let conninfo: String

    init(conninfo: String) throws {
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin/pgbench" }
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/pgbench" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ParleyError.invalid("pgbench is not installed; it comes with Debian's postgresql package.", code: "pgbench_missing")
        }
        executable = found
        self.conninfo = conninfo
    }

    /// Transactions per second of pgbench inserting one comment row per transaction.
    func insertRate(articleID: Int64, authors: [Int64], clients: Int, seconds: Int) throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-pgbench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("insert.sql")
        let body = SampleTextBody.make().replacingOccurrences(of: "'", with: "''")
        let low = authors.min() ?? 1, high = authors.max() ?? 1
        try """
            \\set author random(\(low), \(high))
            INSERT INTO comments (article_id, author_id, author_name, body, state)
                VALUES (\(articleID), :author, 'reader-' || :author, '\(body)', 'published');

            """.write(to: script, atomically: true, encoding: .utf8)
        let outcome = try ProgramRunner.run(executable, [
            "-n", "-c", String(clients), "-j", String(min(clients, 2)), "-T", String(seconds), "-f", script.path, conninfo,
        ])
        let text = outcome.output
        guard outcome.status == 0,
              let match = text.firstMatch(of: /tps = ([0-9.]+) \(without initial connection time\)/),
              let tps = Double(match.1)
        else {
            throw ParleyError.invalid("pgbench failed: \(text.split(separator: "\n").suffix(3).joined(separator: " "))", code: "pgbench_failed")
        }
        return tps
    }
}
