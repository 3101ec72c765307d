import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct QueueReview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Work through the queue one comment at a time with single keys (needs a terminal).",
        discussion: "Keys: " + ReviewSession.keys + ". Ctrl-C quits too; the terminal is always restored.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @OptionGroup var filterOptions: QueueFilterOptions

    func run() async throws {
        let filter = try filterOptions.filter()
        let terminal = try RawTerminal()
        defer { terminal.restore() }
        try await CommandContext.with(global, connections: 2) { context in
            let output = Terminal.standardOutput
            let style = Style(enabled: output.usesColor)
            let renderer = QueueRenderer(width: output.width, style: style)
            let discussion = context.discussion
            let session = ReviewSession(
                desk: context.desk, filter: filter, moderator: context.operatorName(moderator.moderator), renderer: renderer,
                io: .init(readKey: terminal.readKey, readLine: { terminal.readLine(prompt: $0, output: output) }, write: output.write),
                thread: { key in
                    let page = try await discussion.thread(ThreadRequest(articleKey: key, audience: .moderators))
                    return ThreadRenderer(width: output.width, style: style, showStates: true).render(page)
                })
            try await session.run()
        }
    }
}
