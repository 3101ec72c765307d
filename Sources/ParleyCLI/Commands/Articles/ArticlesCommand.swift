import ArgumentParser

struct ArticlesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "articles",
        abstract: "Add, list, show, open, close and change articles.",
        subcommands: [ArticlesAdd.self, ArticlesList.self, ArticlesShow.self, ArticlesClose.self, ArticlesOpen.self, ArticlesSet.self]
    )
}
