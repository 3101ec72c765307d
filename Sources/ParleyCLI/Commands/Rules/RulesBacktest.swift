import ArgumentParser
import Foundation
import ParleyCore
import ParleyModeration
import ParleyPostgres

struct RulesBacktest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Run a draft ruleset over stored comments: what each rule would catch, which decisions would change.",
        discussion: """
            Every comment posted in the window is judged by the draft as if it were posted then (rate and duplicate \
            conditions count the comments before it; author trust and counts are today's). Nothing is stored.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The draft ruleset file.") var file: String
    @Option(help: "How far back to look (e.g. 30d, 24h).") var since = "30d"
    @Option(help: "How many changed comments to list.") var show = 20
    @Flag(name: .customLong("json"), help: "Print the report as JSON.") var json = false

    func run() async throws {
        guard let seconds = DurationText.seconds(since) else {
            throw ParleyError.invalid("--since takes a duration such as 30d or 24h.", code: "invalid_duration")
        }
        let (_, draft) = try RulesFile.compile(file)
        let report = try await CommandContext.with(global, connections: 1) { context in
            try await Backtest(draft: draft, sampleLimit: max(0, show))
                .run(over: context.database.history, since: Date().addingTimeInterval(-Double(seconds)))
        }
        if json {
            try JSONOutput.print(report)
        } else {
            print(BacktestText.render(report, window: since, style: Style(enabled: Terminal.standardOutput.usesColor)))
        }
    }
}

enum BacktestText {
    static func render(_ report: BacktestReport, window: String, style: Style) -> String {
        var out = style.bold("Backtest over \(report.examined) comment\(report.examined == 1 ? "" : "s") of the last \(window)") + "\n\n"
        out += "RULE                          CATCHES   OF THEM VISIBLE TODAY\n"
        for rule in report.rules {
            out += rule.name.padded(30) + String(rule.caught).padded(10) + String(rule.caughtVisible) + "\n"
            for example in rule.examples {
                out += style.dim("    #\(example.id) [\(example.currentState)] \(example.match.map { "“\($0)” " } ?? "")— \(oneLine(example.excerpt))") + "\n"
            }
        }
        out += "\n"
        if report.changes.isEmpty {
            out += "No decision would change.\n"
            return out
        }
        let total = report.changes.values.reduce(0, +)
        out += style.bold("\(total) decision\(total == 1 ? "" : "s") would change:") + "\n"
        for (change, count) in report.changes.sorted(by: { $0.value > $1.value }) {
            out += "  \(String(count).padded(6)) \(change)\n"
        }
        if report.hidesModeratorApproved > 0 {
            out += style.yellow("  \(report.hidesModeratorApproved) of them were published by a moderator and would be hidden (likely false positives).") + "\n"
        }
        if report.publishesModeratorRejected > 0 {
            out += style.yellow("  \(report.publishesModeratorRejected) of them were rejected or marked spam by a moderator and would be published.") + "\n"
        }
        if !report.changed.isEmpty {
            out += "\nFor example:\n"
            for example in report.changed {
                out += "  #\(example.id) \(example.article): \(example.currentState) → \(example.draftState)"
                out += example.rules.isEmpty ? "" : " (\(example.rules.joined(separator: ", ")))"
                out += "\n" + style.dim("      \(oneLine(example.excerpt))") + "\n"
            }
        }
        return out
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ")
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
