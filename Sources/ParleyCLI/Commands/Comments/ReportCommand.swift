import ArgumentParser
import ParleyCore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report a comment to the moderators, as a reader would.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The comment's id.") var id: Int64
    @Option(help: "Why it should be looked at.") var reason: String
    @Option(help: "Who reports (one report per reporter counts).") var reporter: String?

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let outcome = try await context.discussion.report(id: id, reason: reason, reporter: reporter ?? context.operatorName())
            if outcome.duplicate {
                print("Comment \(id) was already reported by this reporter (\(outcome.openReports) open reports).")
            } else if outcome.hidden {
                print("Reported comment \(id); with \(outcome.openReports) reports it is now hidden until a moderator decides.")
            } else {
                print("Reported comment \(id) (\(outcome.openReports) open report\(outcome.openReports == 1 ? "" : "s")).")
            }
        }
    }
}
