import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that measure parley's performance targets on this machine.",
        subcommands: [BenchThreads.self, BenchRules.self, BenchQueue.self, BenchExport.self, BenchSeed.self, BenchJSON.self]
    )
}
