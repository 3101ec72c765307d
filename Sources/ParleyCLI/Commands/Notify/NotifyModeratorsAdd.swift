import ArgumentParser
import ParleyCore
import ParleyPostgres

struct NotifyModeratorsAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an address to the moderator list (or subscribe it again after it unsubscribed).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The email address.") var email: String

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let added = try await context.database.mail.addModerator(address: email, by: context.operatorName(moderator.moderator))
            print("\(added.address) gets moderator alerts.")
        }
    }
}
