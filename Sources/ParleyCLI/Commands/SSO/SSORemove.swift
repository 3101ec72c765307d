import ArgumentParser
import ParleyCore
import ParleyPostgres

struct SSORemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove the keys of a name (or one of them, with --key); their tokens stop verifying at once.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The name the keys were added under.") var name: String
    @Option(help: "Only the key with this id (see `parley sso list`), to finish a rotation.") var key: Int64?

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let removed = try await context.database.signInKeys.remove(name: name, id: key, by: context.operatorName(moderator.moderator))
            guard removed > 0 else {
                throw ParleyError(.notFound, code: "sso_key_not_found",
                                  key.map { "There is no active key \($0) under \"\(name)\"." } ?? "There is no active sign-in key named \"\(name)\".")
            }
            print("Removed \(removed == 1 ? "1 key" : "\(removed) keys") of \"\(name)\".")
        }
    }
}
