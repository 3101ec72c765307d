import ArgumentParser
import ParleyCore
import ParleyPostgres

struct ArticlesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List articles, newest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only articles with this tag.") var tag: String?
    @Option(help: "Only open or closed articles.") var status: ArticleStatus?
    @Option(help: "At most this many.") var limit = 100

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let articles = try await context.database.articles.list(tag: tag, status: status, limit: max(1, min(limit, 10_000)))
            if output.json || output.jsonl {
                try JSONOutput.printList(articles.map { ArticleView($0) }, lines: output.jsonl)
                return
            }
            if articles.isEmpty {
                print("No articles yet; add one with `parley articles add KEY --title T`.")
                return
            }
            let table = TextTable(columns: ["KEY", "STATUS", "MODE", "COMMENTS", "ALL", "TAGS", "TITLE"])
            print(table.render(articles.map { article in
                [article.key, article.status.rawValue, article.mode.rawValue, String(article.visibleCount),
                 String(article.totalCount), article.tags.joined(separator: ","), article.title]
            }, width: Terminal.standardOutput.width))
        }
    }
}
