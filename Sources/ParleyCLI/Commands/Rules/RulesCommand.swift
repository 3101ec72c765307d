import ArgumentParser

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, apply, show, test and backtest moderation rulesets (RULES.md).",
        subcommands: [RulesCheck.self, RulesApply.self, RulesShow.self, RulesHistory.self, RulesTest.self, RulesBacktest.self]
    )
}
