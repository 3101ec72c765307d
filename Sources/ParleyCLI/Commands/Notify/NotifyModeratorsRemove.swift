import ArgumentParser
import ParleyCore
import ParleyPostgres

struct NotifyModeratorsRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an address from the moderator list.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The email address.") var email: String

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            guard try await context.database.mail.removeModerator(address: email) else {
                throw ParleyError(.notFound, code: "moderator_not_found", "\(email) is not on the moderator list.")
            }
            print("\(email) gets no more moderator alerts.")
        }
    }
}
