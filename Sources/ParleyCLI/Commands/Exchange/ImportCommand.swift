import ArgumentParser
import Foundation
import ParleyCore
import ParleyExchange
import ParleyModeration
import ParleyPostgres

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import discussions from a parley archive, Disqus, WordPress or Isso.",
        discussion: """
            Additive and idempotent: nothing stored is changed, and importing the same file twice adds \
            nothing. The whole import is one transaction: a malformed file is refused with its position \
            and nothing is stored. Imported comments keep their times, authors and states; --moderate \
            also passes them through the rules in force and keeps the stricter verdict.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "parley, disqus, wordpress or isso.") var format: String
    @Argument(help: "The file to import (an Isso database file for --format isso).") var file: String
    @Flag(name: .customLong("dry-run"), help: "Check the file and report what would be added, storing nothing.")
    var dryRun = false
    @Flag(help: "Pass imported comments through the rules in force (never for parley archives).")
    var moderate = false
    @Flag(help: "Print the summary as JSON.") var json = false

    func validate() throws {
        if ImportFormat(rawValue: format) == nil {
            throw ValidationError("Unknown format \"\(format)\"; use \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() async throws {
        let format = ImportFormat(rawValue: format)!
        try await CommandContext.with(global, connections: 2) { context in
            let moderation: (any ModerationPolicy)? = moderate ? try await RulesEngine.load(from: context.database.rulesets) : nil
            let importer = Importer(repository: context.database.exchange, moderation: moderation)
            let summary = try await importer.importFile(file, format: format, dryRun: dryRun, moderate: moderate,
                                                        progress: TerminalProgress.onStandardError())
            if json {
                try JSONOutput.print(ImportSummaryView(summary: summary, dryRun: dryRun))
                return
            }
            print(Self.describe(summary, dryRun: dryRun))
        }
    }

    static func describe(_ summary: ImportSummary, dryRun: Bool) -> String {
        func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }
        var lines = [
            (dryRun ? "Would add " : "Added ") + [count(summary.articlesAdded, "article"), count(summary.authorsAdded, "author"),
                                                   count(summary.commentsAdded, "comment")].joined(separator: ", ")
                + (summary.otherRecordsAdded > 0 ? " and \(count(summary.otherRecordsAdded, "other record"))" : "") + ".",
        ]
        if summary.commentsSkipped > 0 || summary.otherRecordsSkipped > 0 {
            lines.append("Already here, skipped: \(count(summary.commentsSkipped, "comment"))"
                + (summary.otherRecordsSkipped > 0 ? ", \(count(summary.otherRecordsSkipped, "other record"))" : "") + ".")
        }
        if summary.orphansRooted > 0 {
            lines.append("\(count(summary.orphansRooted, "reply")) whose parent is not in the file became top-level.")
        }
        if dryRun { lines.append("Dry run: nothing was stored.") }
        return lines.joined(separator: "\n")
    }
}

struct ImportSummaryView: Encodable {
    var summary: ImportSummary
    var dryRun: Bool

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run", articlesAdded = "articles_added", authorsAdded = "authors_added"
        case commentsAdded = "comments_added", commentsSkipped = "comments_skipped"
        case otherRecordsAdded = "other_records_added", otherRecordsSkipped = "other_records_skipped"
        case orphansRooted = "orphans_rooted"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(summary.articlesAdded, forKey: .articlesAdded)
        try container.encode(summary.authorsAdded, forKey: .authorsAdded)
        try container.encode(summary.commentsAdded, forKey: .commentsAdded)
        try container.encode(summary.commentsSkipped, forKey: .commentsSkipped)
        try container.encode(summary.otherRecordsAdded, forKey: .otherRecordsAdded)
        try container.encode(summary.otherRecordsSkipped, forKey: .otherRecordsSkipped)
        try container.encode(summary.orphansRooted, forKey: .orphansRooted)
    }
}
