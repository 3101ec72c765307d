import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyExchange
import ParleyPostgres

/// `parley bench export`: export and archive import at scale, against psql's \copy.
struct BenchExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Measure `export --all --format jsonl` against psql's \\copy, its peak memory, and archive import.",
        discussion: """
            Seeds a scratch database (parley_bench_export) with ARTICLES articles of COMMENTS comments each \
            (default 1,000 × 1,000; 3% rejected, so the readers' view has tombstones to find), then in \
            alternating rounds runs `parley export --all --format jsonl -o FILE` and psql \
            `\\copy (the same query) to FILE` as separate processes, reporting median rows/s, their ratio, \
            and the export's peak resident memory. Then exports the parley archive once and imports it \
            into a fresh database (parley_bench_import) RUNS times, reporting the median comments/s.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Articles to seed.") var articles = 1000
    @Option(help: "Comments per article.") var comments = 1000
    @Option(help: "Rounds of each measurement.") var runs = 3
    @Option(help: "Folder for the export files (default: the system's temporary folder).") var scratch: String?
    @Flag(help: "Keep the scratch databases and files afterwards.") var keep = false

    func run() async throws {
        let base = CommandContext.make(global, connections: 1)
        await base.database.shutdown()
        let admin = base.location.conninfo
        let conninfo = try BenchmarkSeeder.recreateScratchDatabase(adminConninfo: admin, name: "parley_bench_export")
        let folder = URL(fileURLWithPath: scratch ?? FileManager.default.temporaryDirectory.path)
            .appendingPathComponent("parley-bench-export-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The export runs as the cluster's server user when parley runs as root: let it write.
        chmod(folder.path, 0o777)
        defer {
            if !keep {
                try? FileManager.default.removeItem(at: folder)
                try? BenchmarkSeeder.dropScratchDatabase(adminConninfo: admin, name: "parley_bench_export")
                try? BenchmarkSeeder.dropScratchDatabase(adminConninfo: admin, name: "parley_bench_import")
            }
        }
        let total = try await seed(conninfo)
        let parley = try Self.executable()
        let psql = try Self.psql()
        print("parley bench export — \(ProcessInfo.processInfo.activeProcessorCount) cores, \(articles) articles × \(comments) comments")

        // (1) jsonl export against psql's \copy of the same rows
        let query = PostgresExchangeRepository.commentQuery(articles: false, selection: .readers)
        let jsonl = folder.appendingPathComponent("export.jsonl").path
        let copied = folder.appendingPathComponent("copy.txt").path
        var exportRates = Measurements(), copyRates = Measurements(), ratios = Measurements(), peaks = Measurements()
        var rows = 0
        for round in 1...runs {
            let exported = try Self.run(parley, ["export", "--all", "--format", "jsonl", "-o", jsonl, "--database", conninfo])
            rows = try Self.lineCount(jsonl)
            let copy = try Self.run(psql, ["-X", "-q", "-d", conninfo, "-c", "\\copy (\(query)) to '\(copied)'"])
            let copyRows = try Self.lineCount(copied)
            guard copyRows == rows else {
                throw ParleyError.invalid("psql copied \(copyRows) rows but parley exported \(rows).")
            }
            let exportRate = Double(rows) / exported.seconds, copyRate = Double(rows) / copy.seconds
            exportRates.add(exportRate)
            copyRates.add(copyRate)
            ratios.add(exportRate / copyRate)
            peaks.add(Double(exported.peakResidentKiB) / 1024)
            print(String(format: "  round %d: parley %.0f rows/s (%.2f s, peak %.1f MB), psql \\copy %.0f rows/s (%.2f s)",
                         round, exportRate, exported.seconds, Double(exported.peakResidentKiB) / 1024, copyRate, copy.seconds))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: jsonl)[.size] as? NSNumber)?.intValue ?? 0
        print(String(format: "(a) export --all --format jsonl: %d rows, %.0f MB; median %.0f rows/s vs psql \\copy %.0f rows/s = %.0f%% (target ≥ 50%%) %@",
                     rows, Double(size) / 1e6, exportRates.median, copyRates.median, ratios.median * 100,
                     BenchFormat.verdict(ratios.median >= 0.5)))
        print(String(format: "(b) export peak resident memory: median %.1f MB, max %.1f MB (target ≤ 100 MB) %@",
                     peaks.median, peaks.percentile(1), BenchFormat.verdict(peaks.percentile(1) <= 100)))

        // (2) archive import into an empty database
        let archive = folder.appendingPathComponent("archive.parley.jsonl").path
        let archived = try Self.run(parley, ["export", "--all", "--format", "parley", "-o", archive, "--database", conninfo])
        print(String(format: "    archive export: %d comments in %.2f s (%.0f/s), peak %.1f MB", total, archived.seconds,
                     Double(total) / archived.seconds, Double(archived.peakResidentKiB) / 1024))
        var importRates = Measurements()
        for round in 1...runs {
            let target = try BenchmarkSeeder.recreateScratchDatabase(adminConninfo: admin, name: "parley_bench_import")
            _ = try Self.run(parley, ["migrate", "--database", target])
            let imported = try Self.run(parley, ["import", "--format", "parley", archive, "--database", target])
            let rate = Double(total) / imported.seconds
            importRates.add(rate)
            print(String(format: "  round %d: imported %d comments in %.2f s = %.0f comments/s (peak %.1f MB)", round, total,
                         imported.seconds, rate, Double(imported.peakResidentKiB) / 1024))
        }
        print(String(format: "(c) import --format parley: median %.0f comments/s (target ≥ 20,000) %@", importRates.median,
                     BenchFormat.verdict(importRates.median >= 20_000)))
    }

    private func seed(_ conninfo: String) async throws -> Int {
        try await BenchDatabase.with(conninfo, connections: 2) { database in
            try await database.migrator(migrations: try Migration.embedded()).migrate()
            let seeder = BenchmarkSeeder(database: database)
            let authors = try await seeder.seedAuthors(count: 2000)
            let seconds = try await Measurements.milliseconds {
                for index in 0..<articles {
                    _ = try await seeder.seedArticle(key: "bench-\(index)", count: comments, authors: authors, analyze: false)
                    if index % 100 == 99 { print("  seeded \(index + 1) articles") }
                }
            } / 1000
            let total = try await database.run { connection in
                try connection.execute("UPDATE comments SET state = 'rejected' WHERE id % 33 = 0")
                try connection.execute("VACUUM ANALYZE")
                return try connection.query("SELECT count(*) FROM comments").first!.decode(0, as: Int.self)
            }
            print(String(format: "seeded %d comments in %.0f s", total, seconds))
            return total
        }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> ProgramRunner.Outcome {
        let outcome = try ProgramRunner.run(executable, arguments)
        guard outcome.status == 0 else {
            throw ParleyError.invalid("\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.first ?? "") failed: "
                + outcome.output.split(separator: "\n").suffix(2).joined(separator: " "))
        }
        return outcome
    }

    static func lineCount(_ path: String) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        var count = 0
        while let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty {
            count += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return count
    }

    static func executable() throws -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard FileManager.default.isExecutableFile(atPath: path) else { throw ParleyError.invalid("Cannot find parley's own executable.") }
        return path
    }

    static func psql() throws -> String {
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin/psql" }
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/psql" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ParleyError.invalid("psql is not installed; it comes with Debian's postgresql-client package.")
        }
        return found
    }
}
