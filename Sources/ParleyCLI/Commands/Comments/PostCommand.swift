import ArgumentParser
import ParleyCore

struct PostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Post a comment; it goes through moderation and the result is printed.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The article's key.") var key: String
    @Argument(help: "The comment text, or - to read it from standard input.") var body: String?
    @Option(help: "The author's name.") var author: String
    @Option(help: "The author's email address.") var email: String?
    @Option(name: .customLong("reply-to"), help: "The id of the comment this replies to.") var replyTo: Int64?
    @Option(help: "The author's IP address, for rules that look at it.") var ip: String?
    @Flag(help: "Mail the author (at --email) when someone replies to this comment.") var notify = false
    @Flag(name: .customLong("json"), help: "Print the result as JSON.") var json = false

    func run() async throws {
        let text = try InputReading.body(body)
        try await CommandContext.with(global, connections: 1) { context in
            let result = try await context.moderatedDiscussion().post(PostRequest(
                articleKey: key, authorName: author, email: email, body: text, parentID: replyTo, ip: ip, notify: notify))
            try PostOutput.print(result, json: json)
        }
    }
}

/// How `post` and `edit` report a decision.
enum PostOutput {
    struct Report: Encodable {
        var id: Int64
        var state: String
        var action: String
        var reason: String?
        var rules: [FiredRule]
    }

    static func print(_ result: PostResult, json: Bool) throws {
        let comment = result.comment
        if json {
            try JSONOutput.print(Report(id: comment.id, state: comment.state.rawValue, action: result.decision.action.rawValue,
                                        reason: result.decision.reason, rules: result.decision.firedRules), pretty: true)
            return
        }
        var line = "Comment \(comment.id): \(comment.state.rawValue)"
        if !comment.state.isVisible {
            let reason = result.decision.reason ?? result.decision.firedRules.compactMap(\.reason).first
            if let reason { line += " — \(reason)" }
        } else if comment.censoredBody != nil {
            line += " (some words masked)"
        }
        Swift.print(line)
    }
}
