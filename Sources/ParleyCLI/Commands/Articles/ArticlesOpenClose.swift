import ArgumentParser
import ParleyCore
import ParleyPostgres

struct ArticlesClose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close an article for new comments.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The article's key.") var key: String

    func run() async throws {
        try await ArticleStatusChange.apply(.closed, key: key, global: global)
    }
}

struct ArticlesOpen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open an article for comments again.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The article's key.") var key: String

    func run() async throws {
        try await ArticleStatusChange.apply(.open, key: key, global: global)
    }
}

enum ArticleStatusChange {
    static func apply(_ status: ArticleStatus, key: String, global: GlobalOptions) async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let article = try await context.database.articles.update(
                key: key, changes: ArticleChanges(status: status), actor: Actor(.moderator, context.operatorName()))
            print("\(article.key) is \(article.status == .open ? "open for comments" : "closed for comments").")
        }
    }
}
