import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The audit log: every decision by a rule or a person, rule changes, bans and trust changes, newest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only entries of the last ... (e.g. 24h, 7d).") var since: String?
    @Option(help: "Only entries about this article.") var article: String?
    @Option(help: "Only entries by this moderator (or actor).") var moderator: String?
    @Option(help: "Only entries about this comment.") var comment: Int64?
    @Option(help: "Only entries of this kind (post, edit, delete, decision, report, rules, ban, unban, trust, article).") var kind: String?
    @Option(help: "At most this many.") var limit = 50

    func run() async throws {
        var sinceDate: Date?
        if let since {
            guard let seconds = DurationParsing.seconds(since) else {
                throw ParleyError.invalid("--since takes a duration such as 24h or 7d.", code: "invalid_duration")
            }
            sinceDate = Date().addingTimeInterval(-Double(seconds))
        }
        try await CommandContext.with(global, connections: 1) { context in
            let entries = try await context.database.desk.log(
                LogFilter(since: sinceDate, articleKey: article, actor: moderator, commentID: comment, kind: kind), limit: max(1, limit))
            if output.json || output.jsonl {
                try JSONOutput.printList(entries.map(LogView.init), lines: output.jsonl)
                return
            }
            if entries.isEmpty {
                print("No log entries match.")
                return
            }
            let table = TextTable(columns: ["WHEN", "KIND", "WHO", "WHAT", "ON", "CHANGE", "WHY"])
            print(table.render(entries.map { entry in
                let on = [entry.commentID.map { "#\($0)" }, entry.articleKey, entry.authorName].compactMap { $0 }.joined(separator: " ")
                let change = entry.fromState.map { "\($0) → \(entry.toState ?? "?")" } ?? (entry.toState ?? "")
                return [ParleyJSON.rfc3339(entry.at), entry.kind, "\(entry.actor ?? "-") (\(entry.actorType))", entry.action ?? "",
                        on, change, entry.reason ?? ""]
            }, width: Terminal.standardOutput.width))
        }
    }
}

struct LogView: Encodable {
    var entry: LogEntry

    init(_ entry: LogEntry) { self.entry = entry }

    enum CodingKeys: String, CodingKey {
        case id, at, kind, actor, action, article, comment, author, reason, details
        case actorType = "actor_type"
        case fromState = "from_state"
        case toState = "to_state"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entry.id, forKey: .id)
        try container.encode(entry.at, forKey: .at)
        try container.encode(entry.kind, forKey: .kind)
        try container.encode(entry.actorType, forKey: .actorType)
        try container.encode(entry.actor, forKey: .actor)
        try container.encode(entry.action, forKey: .action)
        try container.encode(entry.articleKey, forKey: .article)
        try container.encode(entry.commentID, forKey: .comment)
        try container.encode(entry.authorName, forKey: .author)
        try container.encode(entry.fromState, forKey: .fromState)
        try container.encode(entry.toState, forKey: .toState)
        try container.encode(entry.reason, forKey: .reason)
        let details = (try? JSONDecoder().decode(JSONValue.self, from: Data(entry.details.utf8))) ?? .object([:])
        try container.encode(details, forKey: .details)
    }
}

/// Any JSON value, so the log's `details` object is printed as nested JSON, not as a string.
indirect enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
