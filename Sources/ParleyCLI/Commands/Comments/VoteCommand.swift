import ArgumentParser
import ParleyCore

struct VoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vote",
        abstract: "Vote a comment up or down; one vote per voter, a new vote replaces the old.")

    enum Direction: String, ExpressibleByArgument, CaseIterable {
        case up
        case down
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The comment's id.") var id: Int64
    @Argument(help: "up or down.") var direction: Direction
    @Option(help: "Who votes.") var voter: String

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let score = try await context.discussion.vote(id: id, value: direction == .up ? 1 : -1, voter: voter)
            print("Comment \(id) now has a score of \(score).")
        }
    }
}
