import ArgumentParser
import Foundation
import ParleyCore

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Webhook endpoints and their deliveries (add, list, remove, test, deliveries, redeliver).",
        discussion: """
            Events (comment.created, comment.held, comment.decided, comment.reported, author.banned, \
            rules.changed) are signed as Standard Webhooks and sent by `parley serve` and `parley dispatch`, \
            in order per article, retried for at least 24 hours.
            """,
        subcommands: [WebhooksAdd.self, WebhooksList.self, WebhooksRemove.self, WebhooksTest.self,
                      WebhooksDeliveries.self, WebhooksRedeliver.self]
    )

    /// An id argument, or a one-sentence refusal.
    static func id(_ text: String, what: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else {
            throw ParleyError.invalid("\"\(text)\" is not \(what) id (a positive integer).", code: "invalid_id")
        }
        return id
    }

    static func endpointNotFound(_ id: Int64) -> ParleyError {
        ParleyError(.notFound, code: "endpoint_not_found", "There is no webhook endpoint \(id); see `parley webhooks list`.")
    }

    /// "every type" or the types, comma-separated.
    static func describe(_ events: [OutboxEventType]?) -> String {
        events.map { $0.map(\.rawValue).joined(separator: ",") } ?? "every type"
    }
}
