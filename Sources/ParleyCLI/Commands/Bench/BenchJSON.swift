import ArgumentParser
import Foundation
import ParleyCore
import ParleyHTTP

/// `parley bench json`: encoding the hot responses with Foundation's `JSONEncoder` (how they
/// were written before) and with `JSONWriter` (how they are written now). No database.
struct BenchJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json",
        abstract: "Measure JSONEncoder against JSONWriter on a 1,000-comment thread page, counts and a queue page.",
        discussion: """
            Builds the documents in memory (a thread page shaped like `bench threads`' seed, with rendered HTML; \
            counts of 10 articles; a queue page of 50 items), checks that both encoders write the same bytes, then \
            times each encoder --runs times per round, alternating, for --rounds rounds. Reports the median of the \
            rounds' medians and the rounds' spread. Build with -c release.
            """)

    @Option(help: "Comments in the thread page.") var comments = 1000
    @Option(help: "Timed encodes of each document per round (each side).") var runs = 50
    @Option(help: "Rounds.") var rounds = 5

    func run() throws {
        var generator = SystemRandomNumberGenerator()
        let page = JSONBenchFixtures.threadPage(comments: comments, using: &generator)
        let counts = JSONBenchFixtures.counts(articles: 10, using: &generator)
        let queue = JSONBenchFixtures.queuePage(items: 50, using: &generator)
        let encoder = ParleyJSON.encoder()
        print("parley bench json — \(ProcessInfo.processInfo.activeProcessorCount) cores; medians of \(rounds) rounds × \(runs) encodes")
        try compare("thread page, \(comments) comments", encoder: { try encoder.encode(page) }, writer: {
            var json = JSONWriter(capacity: page.estimatedJSONSize)
            page.write(to: &json)
            return json.bytes
        })
        let body = page.jsonBytes(capacity: page.estimatedJSONSize)
        var etag = Measurements()
        for _ in 0..<(rounds * runs) { etag.add(Measurements.millisecondsSync { _ = ETag.of(body) }) }
        print("    its ETag (hash of the \(body.count) bytes): \(Self.time(etag.median)) median of \(etag.count)")
        try compare("counts of 10 articles", encoder: { try encoder.encode(counts) }, writer: {
            var json = JSONWriter(capacity: 16 + counts.count * 40)
            json.object(counts)
            return json.bytes
        })
        try compare("queue page of 50 items", encoder: { try encoder.encode(queue) }, writer: { queue.jsonBytes() })
    }

    func compare(_ label: String, encoder: () throws -> Data, writer: () -> [UInt8]) throws {
        let expected = Array(try encoder())
        guard writer() == expected else { throw ValidationError("\(label): JSONWriter's bytes differ from JSONEncoder's") }
        var encoderRounds: [Double] = [], writerRounds: [Double] = []
        for _ in 0..<rounds {
            var encoderTimes = Measurements(), writerTimes = Measurements()
            for _ in 0..<runs {
                encoderTimes.add(try Measurements.millisecondsSync { _ = try encoder() })
                writerTimes.add(Measurements.millisecondsSync { _ = writer() })
            }
            encoderRounds.append(encoderTimes.median)
            writerRounds.append(writerTimes.median)
        }
        let before = Measurements.median(encoderRounds), after = Measurements.median(writerRounds)
        print("\(label) (\(expected.count) bytes, identical):")
        print("    JSONEncoder \(Self.time(before)) [rounds \(Self.time(encoderRounds.min()!))–\(Self.time(encoderRounds.max()!))], "
              + "JSONWriter \(Self.time(after)) [rounds \(Self.time(writerRounds.min()!))–\(Self.time(writerRounds.max()!))]: "
              + String(format: "%.1f× faster, %.0f MB/s", before / after, Double(expected.count) / 1e3 / after))
    }

    static func time(_ milliseconds: Double) -> String {
        milliseconds < 1 ? String(format: "%.1f µs", milliseconds * 1000) : String(format: "%.2f ms", milliseconds)
    }
}
