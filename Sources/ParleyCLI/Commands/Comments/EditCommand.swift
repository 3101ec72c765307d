import ArgumentParser
import ParleyCore

struct EditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Replace a comment's text; the old text stays in its history and the new one is moderated again.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The comment's id.") var id: Int64
    @Argument(help: "The new text, or - to read it from standard input.") var body: String?
    @Option(name: .customLong("as"), help: "Who edits, for the log (default PARLEY_MODERATOR or your user name).") var editor: String?
    @Flag(name: .customLong("json"), help: "Print the result as JSON.") var json = false

    func run() async throws {
        let text = try InputReading.body(body)
        try await CommandContext.with(global, connections: 1) { context in
            let result = try await context.moderatedDiscussion().edit(id: id, body: text, editor: Actor(.moderator, context.operatorName(editor)))
            if result.decision.state == .rejected {
                // As over HTTP (422): the comment stays as it was; the refused text is in its history.
                var reason = result.decision.reason ?? result.decision.firedRules.compactMap(\.reason).first ?? "the rules refused it"
                while reason.hasSuffix(".") { reason.removeLast() }
                throw ParleyError(.rejected, code: "rejected", "The edit was rejected, so comment \(id) stays as it was: \(reason).")
            }
            try PostOutput.print(result, json: json)
        }
    }
}
