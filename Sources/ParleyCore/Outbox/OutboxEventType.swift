import Foundation

/// What an outbox event reports (WEB.md, "Outbound: webhooks").
public enum OutboxEventType: String, Sendable, CaseIterable, Codable {
    case commentCreated = "comment.created"
    case commentHeld = "comment.held"
    case commentDecided = "comment.decided"
    case commentReported = "comment.reported"
    case authorBanned = "author.banned"
    case rulesChanged = "rules.changed"

    /// The type a `parley webhooks test` message carries; never written to the outbox.
    public static let ping = "webhook.ping"

    /// The type named on a command line, or a one-sentence refusal.
    public static func parse(_ text: String) throws -> OutboxEventType {
        guard let type = OutboxEventType(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
            throw ParleyError.invalid(
                "Unknown event type \"\(text)\"; the types are \(allCases.map(\.rawValue).joined(separator: ", ")).",
                code: "unknown_event_type")
        }
        return type
    }
}
