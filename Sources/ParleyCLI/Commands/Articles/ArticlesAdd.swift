import ArgumentParser
import ParleyCore
import ParleyPostgres

struct ArticlesAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an article readers can discuss.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The article's stable key on the site, e.g. ukraine-atacms-1000-days.")
    var key: String

    @Option(help: "The headline.") var title: String
    @Option(help: "The article's address.") var url: String?
    @Option(name: .customLong("tag"), help: "A tag (repeatable), e.g. --tag war --tag sensitive.") var tags: [String] = []
    @Option(help: "pre: hold every comment for a moderator; post: publish unless a rule holds it.") var mode: ModerationMode = .post
    @Option(name: .customLong("published-at"), help: "When the article went out (ISO 8601 or e.g. \"3h ago\").") var publishedAt: String?

    func run() async throws {
        let published = try publishedAt.map { try InputReading.time($0) }
        try await CommandContext.with(global, connections: 1) { context in
            let article = try await context.database.articles.create(
                NewArticle(key: key, title: title, url: url, tags: tags, mode: mode, publishedAt: published))
            if output.json || output.jsonl {
                try JSONOutput.print(ArticleView(article), pretty: output.json)
            } else {
                print("Added \(article.key) (\(article.mode == .pre ? "pre-moderated" : "post-moderated"), open).")
            }
        }
    }
}
