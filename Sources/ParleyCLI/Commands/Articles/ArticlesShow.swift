import ArgumentParser
import ParleyCore
import ParleyPostgres

struct ArticlesShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one article.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The article's key.") var key: String

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            guard let article = try await context.database.articles.find(key: key) else { throw ParleyError.articleNotFound(key) }
            if output.json || output.jsonl {
                try JSONOutput.print(ArticleView(article), pretty: output.json)
                return
            }
            print(article.title)
            print("key:        \(article.key)")
            if let url = article.url { print("url:        \(url)") }
            print("status:     \(article.status.rawValue)")
            print("mode:       \(article.mode == .pre ? "pre (every comment waits for a moderator)" : "post (published unless a rule holds it)")")
            print("tags:       \(article.tags.isEmpty ? "-" : article.tags.joined(separator: ", "))")
            if let published = article.publishedAt { print("published:  \(ParleyJSON.rfc3339(published))") }
            print("comments:   \(article.visibleCount) visible, \(article.totalCount) in all")
        }
    }
}
