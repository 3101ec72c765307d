import ArgumentParser
import ParleyCore

struct ThreadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thread",
        abstract: "Show an article's discussion as a tree.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The article's key.") var key: String
    @Option(help: "Order of top-level comments: oldest, newest or top.") var sort: ThreadSort = .oldest
    @Flag(name: .customLong("all-states"), help: "Show every comment: held, rejected, spam and deleted ones too.") var allStates = false
    @Option(help: "Show a page of this many top-level comments instead of all.") var limit: Int?
    @Option(help: "Continue after this cursor (printed at the end of a page).") var cursor: String?
    @Flag(name: .customLong("json"), help: "Print the discussion as nested JSON.") var json = false

    func run() async throws {
        let parsedCursor = try cursor.map { try ThreadCursor(token: $0, sort: sort) }
        try await CommandContext.with(global, connections: 1) { context in
            let page = try await context.discussion.thread(ThreadRequest(
                articleKey: key, sort: sort, audience: allStates ? .moderators : .readers, limit: limit, cursor: parsedCursor))
            if json {
                try JSONOutput.print(ThreadPageView(page, includeState: allStates), pretty: true)
            } else {
                let terminal = Terminal.standardOutput
                let renderer = ThreadRenderer(width: terminal.width, style: Style(enabled: terminal.usesColor), showStates: allStates)
                terminal.write(renderer.render(page))
            }
        }
    }
}
