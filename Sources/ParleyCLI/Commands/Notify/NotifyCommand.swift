import ArgumentParser

struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Email: who gets moderator alerts (reported comments, a long queue).",
        discussion: """
            Readers ask for reply notifications themselves ("notify": true with an email when they post). \
            Mail goes out from `parley serve` through msmtp to PARLEY_SMTP_URL; without it nothing is sent.
            """,
        subcommands: [NotifyModeratorsCommand.self]
    )
}
