import ArgumentParser

struct NotifyModeratorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moderators",
        abstract: "The moderator list: addresses alerted to reported comments and a queue over its threshold.",
        discussion: """
            Each alert carries a one-click unsubscribe link; an address that used it gets no alerts until it is added again.
            """,
        subcommands: [NotifyModeratorsAdd.self, NotifyModeratorsList.self, NotifyModeratorsRemove.self]
    )
}
