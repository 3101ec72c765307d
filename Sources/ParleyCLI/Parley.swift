import ArgumentParser

/// The `parley` command: comments and their moderation for a news site.
public struct Parley: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Comments, threads and moderation for a news site.",
        discussion: """
            The database is found as psql finds it: --database URL, else DATABASE_URL, else the PG* \
            variables and service files, else the private cluster of `parley db start` (under .parley/ \
            or PARLEY_HOME).
            """,
        version: "0.1.0",
        subcommands: [
            DatabaseCommand.self,
            MigrateCommand.self,
            ArticlesCommand.self,
            PostCommand.self,
            ThreadCommand.self,
            EditCommand.self,
            DeleteCommand.self,
            ReportCommand.self,
            VoteCommand.self,
            DemoCommand.self,
            QueueCommand.self,
            ApproveCommand.self,
            RejectCommand.self,
            SpamCommand.self,
            RestoreCommand.self,
            AuthorsCommand.self,
            LogCommand.self,
            RulesCommand.self,
            ServeCommand.self,
            DispatchCommand.self,
            WebhooksCommand.self,
            TokensCommand.self,
            SSOCommand.self,
            NotifyCommand.self,
            ExportCommand.self,
            ImportCommand.self,
            BenchCommand.self,
        ]
    )

    public init() {}
}
