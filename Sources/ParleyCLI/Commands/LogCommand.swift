import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The audit log: every decision by a rule or a person, rule changes, bans and trust changes, newest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only entries of the last ... (e.g. 24h, 7d).") var since: String?
    @Option(help: "Only entries about this article.") var article: String?
    @Option(help: "Only entries by this moderator (or actor).") var moderator: String?
    @Option(help: "Only entries about this comment.") var comment: Int64?
    @Option(help: "Only entries of this kind (post, edit, delete, decision, report, rules, ban, unban, trust, article).") var kind: String?
    @Option(help: "At most this many.") var limit = 50

    func run() async throws {
        var sinceDate: Date?
        if let since {
            guard let seconds = DurationParsing.seconds(since) else {
                throw ParleyError.invalid("--since takes a duration such as 24h or 7d.", code: "invalid_duration")
            }
            sinceDate = Date().addingTimeInterval(-Double(seconds))
        }
        try await CommandContext.with(global, connections: 1) { context in
            let entries = try await context.database.desk.log(
                LogFilter(since: sinceDate, articleKey: article, actor: moderator, commentID: comment, kind: kind), limit: max(1, limit))
            if output.json || output.jsonl {
                try JSONOutput.printList(entries.map { LogEntryView($0, includesDetails: true) }, lines: output.jsonl)
                return
            }
            if entries.isEmpty {
                print("No log entries match.")
                return
            }
            let table = TextTable(columns: ["WHEN", "KIND", "WHO", "WHAT", "ON", "CHANGE", "WHY"])
            print(table.render(entries.map { entry in
                let on = [entry.commentID.map { "#\($0)" }, entry.articleKey, entry.authorName].compactMap { $0 }.joined(separator: " ")
                let change = entry.fromState.map { "\($0) → \(entry.toState ?? "?")" } ?? (entry.toState ?? "")
                return [ParleyJSON.rfc3339(entry.at), entry.kind, "\(entry.actor ?? "-") (\(entry.actorType))", entry.action ?? "",
                        on, change, entry.reason ?? ""]
            }, width: Terminal.standardOutput.width))
        }
    }
}
