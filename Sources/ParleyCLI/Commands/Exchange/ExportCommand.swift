import ArgumentParser
import Foundation
import ParleyCore
import ParleyExchange
import ParleyPostgres

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export discussions: json, jsonl, csv, markdown, html, or the lossless parley archive.",
        discussion: """
            Streams from the database to the output, so memory stays flat however large the export. \
            By default only what readers see is exported (tombstones keep a thread's shape); --states \
            picks states instead, for moderators, lawyers and researchers. With -o the file appears \
            only once complete.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Keys of the articles to export.") var keys: [String] = []
    @Flag(help: "Export every article.") var all = false
    @Option(help: "json, jsonl, csv, markdown, html or parley.") var format: String
    @Option(name: [.short, .customLong("output")], help: "Write to this file (atomically) instead of standard output.")
    var output: String?
    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "Comment states to export instead of the readers' view: published, flagged, pending, reported, spam, rejected, or visible, held, all.",
        valueName: "state"))
    var states: [String] = []

    func validate() throws {
        if all && !keys.isEmpty { throw ValidationError("Give article keys or --all, not both.") }
        if !all && keys.isEmpty { throw ValidationError("Name the articles to export, or pass --all.") }
        if ExportFormat(rawValue: format) == nil {
            throw ValidationError("Unknown format \"\(format)\"; use \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() async throws {
        let format = ExportFormat(rawValue: format)!
        let selection = states.isEmpty ? ExportSelection.readers : try ExportSelection.parse(states)
        try await CommandContext.with(global, connections: 2) { context in
            let exporter = Exporter(repository: context.database.exchange)
            let progress = TerminalProgress.onStandardError()
            guard let output else {
                try await exporter.export(keys: all ? nil : keys, format: format, selection: selection,
                                          to: DescriptorSink(), progress: progress)
                return
            }
            let sink = try AtomicFileSink(path: output)
            InterruptCleanup.remove(onInterrupt: sink.temporaryPath)
            defer { InterruptCleanup.cancel() }
            do {
                let count = try await exporter.export(keys: all ? nil : keys, format: format, selection: selection,
                                                      to: sink, progress: progress)
                try sink.commit()
                Terminal.standardError.writeLine("parley: exported \(count) comment\(count == 1 ? "" : "s") to \(output)")
            } catch {
                sink.discard()
                throw error
            }
        }
    }
}
