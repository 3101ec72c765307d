import ArgumentParser
import ParleyCore

/// `--as NAME`: who the audit log records (default PARLEY_MODERATOR, else the OS user).
struct ModeratorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Who you are, for the audit log (default PARLEY_MODERATOR or your user name).", valueName: "name"))
    var moderator: String?
}

/// Which part of the queue a command looks at or decides on.
struct QueueFilterOptions: ParsableArguments {
    @Option(help: "pending, flagged, reported, all (the three together), spam or rejected.") var state: QueueFilter.View?
    @Option(help: "Only comments on this article.") var article: String?
    @Option(help: "Only comments by this author.") var author: String?
    @Option(help: "Only comments on which this rule fired.") var rule: String?
    @Option(name: .customLong("older-than"), help: "Only comments older than this (e.g. 2h).") var olderThan: String?
    @Option(name: .customLong("newer-than"), help: "Only comments newer than this (e.g. 30m).") var newerThan: String?
    @Flag(help: "Oldest first (the default) or newest first.") var order: QueueOrder = .oldest

    enum QueueOrder: String, EnumerableFlag {
        case oldest
        case newest
    }

    /// True when any option narrows the queue (bulk decisions need one).
    var isGiven: Bool {
        state != nil || article != nil || author != nil || rule != nil || olderThan != nil || newerThan != nil
    }

    func filter(defaultView: QueueFilter.View = .all) throws -> QueueFilter {
        func seconds(_ text: String?, _ option: String) throws -> Int? {
            guard let text else { return nil }
            guard let value = DurationParsing.seconds(text) else {
                throw ParleyError.invalid("--\(option) takes a duration such as 30m, 2h or 7d.", code: "invalid_duration")
            }
            return value
        }
        return QueueFilter(view: state ?? defaultView, articleKey: article, authorName: author, rule: rule,
                           olderThan: try seconds(olderThan, "older-than"), newerThan: try seconds(newerThan, "newer-than"),
                           newestFirst: order == .newest)
    }
}

extension QueueFilter.View: ExpressibleByArgument {}

enum DurationParsing {
    /// `30s`, `10m`, `24h`, `7d`, `2w`.
    static func seconds(_ text: String) -> Int? {
        guard let match = text.wholeMatch(of: /(\d{1,7})([smhdw])/), let amount = Int(match.1) else { return nil }
        switch match.2 {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3600
        case "d": return amount * 86_400
        default: return amount * 604_800
        }
    }
}
