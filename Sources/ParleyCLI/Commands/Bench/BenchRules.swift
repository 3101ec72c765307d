import ArgumentParser
import Foundation
import ParleyCore
import ParleyModeration

/// `parley bench rules`: the moderation pipeline's throughput, compile time and memory.
struct BenchRules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Measure the moderation engine on a generated corpus: MB/s, comments/s per core, compile time, memory.",
        discussion: """
            The corpus has comments of 100-1,000 characters, about 10% of them with non-ASCII words. Ruleset (a) is the \
            contract's example; (b) has a 10,000-entry word list, 50 regexes and every context-free body condition. \
            Throughput is measured on one thread (per core); every figure is the median of --runs runs.
            """)

    @Option(help: "Comments in the corpus.") var comments = 20_000
    @Option(help: "Timed runs of each measurement.") var runs = 5
    @Option(help: "Which rulesets: a, b or both.") var ruleset = "both"

    func run() async throws {
        var generator = SystemRandomNumberGenerator()
        let corpus = RuleBenchCorpus.comments(count: comments, using: &generator)
        let bytes = corpus.reduce(0) { $0 + $1.utf8.count }
        print("parley bench rules — corpus: \(corpus.count) comments, \(String(format: "%.1f", Double(bytes) / 1_000_000)) MB, \(corpus.filter { $0.utf8.count != $0.unicodeScalars.count }.count) with non-ASCII text")
        let inputs = corpus.map { RuleBenchCorpus.input($0) }
        let all = [("(a) example ruleset", DefaultRuleset.source),
                   ("(b) 10,000 words + 50 regexes + all body conditions", RuleBenchCorpus.largeRuleset(using: &generator))]
        for (label, yaml) in all where ruleset == "both" || label.hasPrefix("(\(ruleset))") {
            try measure(label: label, yaml: yaml, inputs: inputs, bytes: bytes)
        }
    }

    func measure(label: String, yaml: String, inputs: [ModerationInput], bytes: Int) throws {
        // The first compile, kept alive: the resident growth is what one compiled ruleset holds
        // (later compiles reuse freed memory and would show less).
        let baseline = MemoryUse.now()
        let kept = try CompiledRuleset.compile(yaml)
        let held = MemoryUse.now()
        var compile = Measurements()
        var ruleset = kept
        for _ in 0..<runs {
            compile.add(try Measurements.millisecondsSync { ruleset = try CompiledRuleset.compile(yaml) })
        }

        var throughput = Measurements()
        var actions: [ModerationAction: Int] = [:]
        for run in 0..<runs {
            var counts: [ModerationAction: Int] = [:]
            let milliseconds = Measurements.millisecondsSync {
                for input in inputs {
                    counts[ruleset.decide(input, decidedBy: "bench").action, default: 0] += 1
                }
            }
            if run == 0 { actions = counts }
            throughput.add(milliseconds)
        }
        withExtendedLifetime(kept) {}
        let seconds = throughput.median / 1000
        let megabytesPerSecond = Double(bytes) / 1_000_000 / seconds
        let commentsPerSecond = Double(inputs.count) / seconds
        let structures = Double(kept.memoryFootprint) / 1_048_576
        let resident = Double(held.residentBytes - baseline.residentBytes) / 1_048_576
        print("\(label):")
        print(String(format: "    throughput: %.1f MB/s, %.0f comments/s per core (median of %d runs; p90 of run time %.0f ms)",
                     megabytesPerSecond, commentsPerSecond, runs, throughput.p90))
        print(String(format: "    compile: %.1f ms median; memory of the compiled ruleset: %.1f MB resident growth, %.1f MB in matcher structures",
                     compile.median, resident, structures))
        print("    decisions: " + actions.sorted { $0.key.severity < $1.key.severity }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", "))
        if label.hasPrefix("(b)") {
            print("    targets: ≥ 50 MB/s per core: \(BenchFormat.verdict(megabytesPerSecond >= 50)); compile ≤ 200 ms: \(BenchFormat.verdict(compile.median <= 200)); ≤ 50 MB: \(BenchFormat.verdict(max(structures, resident) <= 50))")
        }
    }
}

/// Resident memory of this process.
struct MemoryUse {
    var residentBytes: Int

    static func now() -> MemoryUse {
        var resident = 0
        if let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = text.split(separator: " ")
            if fields.count > 1, let pages = Int(fields[1]) { resident = pages * Int(sysconf(Int32(_SC_PAGESIZE))) }
        }
        return MemoryUse(residentBytes: resident)
    }
}

extension Measurements {
    static func millisecondsSync(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}
