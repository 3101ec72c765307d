import Foundation

/// An audit log entry as JSON shows it (CLI `log --json`, the HTTP API's log). The CLI also
/// prints each entry's `details` object; the API's documented entry has no such field.
public struct LogEntryView: Encodable, Sendable {
    public let entry: LogEntry
    public let includesDetails: Bool

    public init(_ entry: LogEntry, includesDetails: Bool = false) {
        self.entry = entry
        self.includesDetails = includesDetails
    }

    enum CodingKeys: String, CodingKey {
        case id, at, kind, actor, action, article, comment, author, reason, details
        case actorType = "actor_type"
        case fromState = "from_state"
        case toState = "to_state"
    }

    public func encode(to encoder: any Encoder) throws {
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
        if includesDetails {
            let details = (try? JSONDecoder().decode(JSONValue.self, from: Data(entry.details.utf8))) ?? .object([:])
            try container.encode(details, forKey: .details)
        }
    }
}
