import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Publish comments (by id, or every comment a filter selects); dismisses their reports.")
    @OptionGroup var decision: DecisionOptions
    func run() async throws { try await decision.apply(.approve) }
}

struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject comments (by id or filter).")
    @OptionGroup var decision: DecisionOptions
    func run() async throws { try await decision.apply(.reject) }
}

struct SpamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "spam", abstract: "Mark comments as spam (by id or filter).")
    @OptionGroup var decision: DecisionOptions
    func run() async throws { try await decision.apply(.spam) }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Publish rejected, spam or deleted comments again (by id or filter).")
    @OptionGroup var decision: DecisionOptions
    func run() async throws { try await decision.apply(.restore) }
}

/// What approve, reject, spam and restore share: ids or a filter, a reason, confirmation.
struct DecisionOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @OptionGroup var filterOptions: QueueFilterOptions
    @Argument(help: "Comment ids.") var ids: [Int64] = []
    @Option(help: "Why (kept in the audit log).") var reason: String?
    @Option(help: "With a filter: decide at most this many.") var limit = 1_000_000
    @Flag(help: "With a filter: do not ask for confirmation.") var yes = false
    @Flag(help: "Overrule a decision another moderator made.") var force = false
    @Flag(name: .customLong("json"), help: "Print the outcome as JSON.") var json = false

    func validate() throws {
        if ids.isEmpty && !filterOptions.isGiven {
            throw ValidationError("Give comment ids, or a filter such as --article KEY --state pending.")
        }
        if !ids.isEmpty && filterOptions.isGiven {
            throw ValidationError("Give either comment ids or a filter, not both.")
        }
    }

    func apply(_ action: ModeratorAction) async throws {
        try await CommandContext.with(global, connections: 2) { context in
            let desk = context.desk
            let name = context.operatorName(moderator.moderator)
            let target: DecisionTarget
            if ids.isEmpty {
                // A filter decides on the work queue unless a view is named; restore looks at the hidden ones.
                let filter = try filterOptions.filter(defaultView: action == .restore ? .rejected : .pending)
                let count = min(try await desk.repository.count(filter), limit)
                if count == 0 {
                    print("No comment matches; nothing changed.")
                    return
                }
                if !yes {
                    try Confirmation.ask("\(action.rawValue.capitalized) \(count) comment\(count == 1 ? "" : "s")?")
                }
                target = .filter(filter, limit: limit)
            } else {
                target = .ids(ids)
            }
            let report = try await desk.decide(action, target: target, reason: reason, moderator: name, overrule: force)
            try DecisionOutput.print(report, action: action, json: json)
            if !report.refused.isEmpty && report.applied.isEmpty {
                throw ExitCode(1)
            }
        }
    }
}

enum Confirmation {
    /// Asks on the terminal; refuses when there is none to ask.
    static func ask(_ question: String) throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw ParleyError.invalid("\(question) Add --yes to confirm without a terminal.", code: "confirmation_needed")
        }
        Terminal.standardError.write("\(question) [y/N] ")
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard answer == "y" || answer == "yes" else {
            throw ParleyError.invalid("Nothing changed.", code: "not_confirmed")
        }
    }
}

enum DecisionOutput {
    struct Document: Encodable {
        var action: String
        var applied: [[String: String]]
        var refused: [[String: String]]
        var promoted: [String]
    }

    static func print(_ report: DecisionReport, action: ModeratorAction, json: Bool) throws {
        if json {
            try JSONOutput.print(Document(
                action: action.rawValue,
                applied: report.applied.map { ["id": String($0.id), "from": $0.from.rawValue, "to": $0.to.rawValue] },
                refused: report.refused.map { ["id": String($0.id), "reason": $0.reason] },
                promoted: report.promoted))
            return
        }
        let verb = ["approve": "Approved", "reject": "Rejected", "spam": "Marked as spam", "restore": "Restored"][action.rawValue] ?? action.rawValue
        if report.applied.count <= 10 {
            for applied in report.applied { Swift.print("\(verb) comment \(applied.id) (was \(applied.from.rawValue)).") }
        } else {
            Swift.print("\(verb) \(report.applied.count) comments.")
        }
        for refused in report.refused {
            Terminal.standardError.writeLine("parley: Comment \(refused.id) was left as it is: \(refused.reason).")
        }
        for name in report.promoted {
            Swift.print("\(name) is now a regular commenter.")
        }
    }
}
