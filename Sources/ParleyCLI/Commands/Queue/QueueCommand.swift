import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List what waits for a moderator, with every reason; `queue review` to work through it.",
        subcommands: [QueueList.self, QueueReview.self],
        defaultSubcommand: QueueList.self
    )
}

struct QueueList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the queue: pending, flagged and reported comments (or the spam and rejected views).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var filterOptions: QueueFilterOptions
    @Option(help: "At most this many comments.") var limit = 20
    @Option(help: "Continue after this cursor (printed at the end of a page).") var cursor: String?

    func run() async throws {
        let filter = try filterOptions.filter()
        let after = try cursor.map { try QueueCursor(token: $0) }
        try await CommandContext.with(global, connections: 1) { context in
            let page = try await context.desk.queue(filter, after: after, limit: limit)
            if output.json {
                try JSONOutput.print(QueuePageView(page))
                return
            }
            if output.jsonl {
                try JSONOutput.printList(page.items.map(QueueItemView.init), lines: true)
                return
            }
            let terminal = Terminal.standardOutput
            let renderer = QueueRenderer(width: terminal.width, style: Style(enabled: terminal.usesColor))
            var text = ""
            if page.items.isEmpty {
                text = "Nothing in the \(filter.view == .all ? "queue" : filter.view.rawValue + " view") matches.\n"
            }
            for item in page.items {
                text += renderer.render(item) + "\n"
            }
            let shown = page.items.count
            text += renderer.style.dim("\(shown) of \(page.total)\(page.totalIsCapped ? "+" : "") shown\(page.nextCursor.map { "; more: --cursor \($0.token)" } ?? "").") + "\n"
            terminal.write(text)
        }
    }
}
