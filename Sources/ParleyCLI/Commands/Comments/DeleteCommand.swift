import ArgumentParser
import ParleyCore

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a comment; with replies it stays as a tombstone so the thread keeps its shape.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The comment's id.") var id: Int64
    @Option(name: .customLong("as"), help: "Who deletes, for the log.") var actor: String?

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let comment = try await context.discussion.delete(id: id, actor: Actor(.moderator, context.operatorName(actor)))
            print("Deleted comment \(comment.id).")
        }
    }
}
