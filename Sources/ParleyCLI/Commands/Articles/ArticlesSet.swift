import ArgumentParser
import ParleyCore
import ParleyPostgres

struct ArticlesSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change an article's title, address, tags, mode, publication time or sign-in policy.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The article's key.") var key: String
    @Option(help: "A new headline.") var title: String?
    @Option(help: "A new address.") var url: String?
    @Option(name: .customLong("tag"), help: "The tags (repeatable); they replace the current ones.") var tags: [String] = []
    @Flag(name: .customLong("clear-tags"), help: "Remove every tag.") var clearTags = false
    @Option(help: "pre or post moderation.") var mode: ModerationMode?
    @Option(name: .customLong("published-at"), help: "When the article went out.") var publishedAt: String?
    @Option(name: .customLong("sign-in"), help: "required: only signed-in readers may write; optional (the default): anyone.")
    var signIn: SignInPolicy?

    func run() async throws {
        var changes = ArticleChanges(title: title, url: url, mode: mode, publishedAt: try publishedAt.map { try InputReading.time($0) },
                                    signIn: signIn)
        if clearTags { changes.tags = [] } else if !tags.isEmpty { changes.tags = tags }
        guard !changes.isEmpty else {
            throw ParleyError.invalid("Nothing to change; give --title, --url, --tag, --clear-tags, --mode, --published-at or --sign-in.")
        }
        try await CommandContext.with(global, connections: 1) { context in
            let article = try await context.database.articles.update(key: key, changes: changes, actor: Actor(.moderator, context.operatorName()))
            if output.json || output.jsonl {
                try JSONOutput.print(ArticleView(article), pretty: output.json)
            } else {
                print("Updated \(article.key): mode \(article.mode.rawValue), tags \(article.tags.isEmpty ? "-" : article.tags.joined(separator: ",")), sign-in \(article.signIn.rawValue).")
            }
        }
    }
}
