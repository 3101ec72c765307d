import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "API tokens for moderators' tools: create (shown once), list, revoke.",
        subcommands: [TokensCreate.self, TokensList.self, TokensRevoke.self]
    )
}

struct TokensCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token; it is printed once and stored only as a hash.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Option(help: "A name for the token (who or what uses it).") var name: String
    @Option(help: "moderator or admin (admins may also change the rules).") var role: TokenRole

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let secret = Secret.generate(prefix: "pk_")
            let token = try await context.database.tokens.create(name: name, role: role, tokenHash: Secret.hash(secret),
                                                                 createdBy: context.operatorName(moderator.moderator))
            print(secret)
            Terminal.standardError.writeLine("Token \"\(token.name)\" (\(token.role.rawValue)) created. Store it now: parley keeps only its hash.")
        }
    }
}

struct TokensList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the active tokens (never the secrets).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let tokens = try await context.database.tokens.list()
            if output.json || output.jsonl {
                try JSONOutput.printList(tokens.map { ["name": $0.name, "role": $0.role.rawValue, "created_at": ParleyJSON.rfc3339($0.createdAt),
                                                       "created_by": $0.createdBy ?? ""] }, lines: output.jsonl)
                return
            }
            if tokens.isEmpty {
                print("No tokens; create one with `parley tokens create --name NAME --role moderator`.")
                return
            }
            print(TextTable(columns: ["NAME", "ROLE", "CREATED", "BY"]).render(tokens.map {
                [$0.name, $0.role.rawValue, ParleyJSON.rfc3339($0.createdAt), $0.createdBy ?? ""]
            }, width: Terminal.standardOutput.width))
        }
    }
}

struct TokensRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by name; it stops working at once.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The token's name.") var name: String

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            guard try await context.database.tokens.revoke(name: name, by: context.operatorName(moderator.moderator)) else {
                throw ParleyError(.notFound, code: "token_not_found", "There is no active token named \"\(name)\".")
            }
            print("Revoked the token \"\(name)\".")
        }
    }
}
