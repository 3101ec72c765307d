import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyPostgres

/// `parley bench queue`: the moderation queue with 100,000 pending comments.
struct BenchQueue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Measure the queue with 100,000 pending comments: first page, bulk approve of 10,000, review keystrokes.",
        discussion: """
            Seeds a scratch database (parley_bench) on the configured server, then reports medians of: the whole \
            `parley queue --limit 20` command (as a separate process; both its total wall time and the time after \
            start-up), a bulk approve of 10,000 comments by filter, and the time from a review keystroke to the next \
            item on screen.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Pending comments to seed.") var pending = 100_000
    @Option(help: "Comments approved in bulk.") var bulk = 10_000
    @Option(help: "Repetitions of each measurement.") var runs = 11
    @Option(help: "Review keystrokes to time.") var keystrokes = 200
    @Flag(help: "Keep the scratch database afterwards.") var keep = false

    func run() async throws {
        let base = CommandContext.make(global, connections: 1)
        await base.database.shutdown()
        let conninfo = try BenchmarkSeeder.recreateScratchDatabase(adminConninfo: base.location.conninfo, name: "parley_bench")
        try await BenchDatabase.with(conninfo, connections: 2) { database in try await measure(database, conninfo: conninfo) }
        if !keep { try BenchmarkSeeder.dropScratchDatabase(adminConninfo: base.location.conninfo, name: "parley_bench") }
    }

    func measure(_ database: PostgresDatabase, conninfo: String) async throws {
        try await database.migrator(migrations: try Migration.embedded()).migrate()
        let seeder = BenchmarkSeeder(database: database)
        let authors = try await seeder.seedAuthors(count: 2000)
        let seeding = try await Measurements.milliseconds {
            try await seeder.seedQueue(count: pending, articles: 50, authors: authors)
        }
        print(String(format: "parley bench queue — seeded %d pending comments in %.1f s", pending, seeding / 1000))

        // (a) the whole command, as a moderator runs it.
        var total = Measurements(), inside = Measurements()
        let executable = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
        for _ in 0..<runs {
            var output = ""
            let wall = try Measurements.millisecondsSync {
                output = try ProgramRunner.run("/usr/bin/env", ["DATABASE_URL=\(conninfo)", "PARLEY_TIMING=1", "NO_COLOR=1",
                                                                executable, "queue", "--limit", "20"]).output
            }
            guard let match = output.firstMatch(of: /command took ([0-9.]+) ms/), let after = Double(match.1) else {
                throw ParleyError.internalFailure("parley queue did not report its time: \(output.suffix(300))")
            }
            total.add(wall)
            inside.add(after)
        }
        print("(a) first page of `parley queue` (20 of \(pending)): \(BenchFormat.ms(inside.median)) after start-up, \(BenchFormat.ms(total.median)) in all (process start included) — target ≤ 50 ms after start-up: \(BenchFormat.verdict(inside.median <= 50))")

        // (b) bulk approve by filter.
        let desk = ModerationDesk(repository: database.desk)
        var report = DecisionReport()
        let bulkTime = try await Measurements.milliseconds {
            report = try await desk.decide(.approve, target: .filter(QueueFilter(view: .pending), limit: bulk), moderator: "bench")
        }
        print("(b) bulk approve of \(report.applied.count) comments by filter: \(BenchFormat.ms(bulkTime)) — target ≤ 2 s: \(BenchFormat.verdict(bulkTime <= 2000 && report.applied.count == bulk))")

        // (c) a review keystroke to the next item on screen.
        var latencies = Measurements()
        var pressed: ContinuousClock.Instant?
        var presses = 0
        let renderer = QueueRenderer(width: 100, style: Style(enabled: true))
        let session = ReviewSession(
            desk: desk, filter: QueueFilter(view: .pending), moderator: "bench", renderer: renderer,
            io: .init(
                readKey: {
                    guard presses < keystrokes else { return UInt8(ascii: "q") }
                    presses += 1
                    pressed = ContinuousClock.now
                    return presses % 2 == 0 ? UInt8(ascii: "a") : UInt8(ascii: "s")
                },
                readLine: { _ in "" },
                write: { _ in
                    if let start = pressed {
                        let elapsed = ContinuousClock.now - start
                        latencies.add(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                        pressed = nil
                    }
                }),
            thread: { _ in "" })
        try await session.run()
        print("(c) review keystroke → next item: median \(BenchFormat.ms(latencies.median)), p90 \(BenchFormat.ms(latencies.p90)) over \(latencies.count) decisions (durable commits) — target ≤ 30 ms: \(BenchFormat.verdict(latencies.median <= 30))")
    }
}
