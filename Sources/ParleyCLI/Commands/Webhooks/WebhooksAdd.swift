import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct WebhooksAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a webhook endpoint; without --secret-file, parley makes a secret and prints it once.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The receiver's http:// or https:// URL.") var url: String
    @Option(name: .customLong("event"), help: ArgumentHelp("An event type to send (repeatable; default: every type).", valueName: "type"))
    var events: [String] = []
    @Option(name: .customLong("secret-file"), help: "A file holding the signing secret: whsec_ and the base64 of the key.")
    var secretFile: String?

    func run() async throws {
        let url = try WebhookEndpoint.checkedURL(url)
        let types = try events.isEmpty ? nil : events.map(OutboxEventType.parse)
        let secret: WebhookSecret
        if let secretFile {
            guard let data = FileManager.default.contents(atPath: secretFile) else {
                throw ParleyError.invalid("Cannot read the secret file \(secretFile).", code: "unreadable_file")
            }
            secret = try WebhookSecret(parsing: String(decoding: data, as: UTF8.self))
        } else {
            secret = WebhookSecret.generate()
        }
        try await CommandContext.with(global, connections: 1) { context in
            let endpoint = try await context.database.outbox.addEndpoint(
                url: url, events: types, secret: secret, createdBy: context.operatorName(moderator.moderator))
            print("Added webhook endpoint \(endpoint.id) for \(endpoint.url) (\(WebhooksCommand.describe(endpoint.events))).")
            if secretFile == nil {
                print("Its signing secret, shown only this once:")
                print(secret.text)
            }
        }
    }
}
