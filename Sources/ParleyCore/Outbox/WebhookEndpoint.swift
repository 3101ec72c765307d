import Foundation

/// A receiver of webhooks, as listings show it: never its secret.
public struct WebhookEndpoint: Sendable, Equatable {
    public var id: Int64
    public var url: String
    /// The types it receives; nil: every type.
    public var events: [OutboxEventType]?
    public var createdAt: Date
    public var createdBy: String?
    /// Set when parley stopped sending to it (a 410 answer), with why.
    public var disabledAt: Date?
    public var disabledReason: String?

    public init(id: Int64, url: String, events: [OutboxEventType]?, createdAt: Date, createdBy: String?,
                disabledAt: Date? = nil, disabledReason: String? = nil) {
        self.id = id
        self.url = url
        self.events = events
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.disabledAt = disabledAt
        self.disabledReason = disabledReason
    }

    /// An endpoint URL as given, checked: absolute http or https with a host, or a one-sentence refusal.
    public static func checkedURL(_ text: String) throws -> String {
        let url = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty,
              url.count <= 2000, !url.contains(where: { $0.isWhitespace })
        else {
            throw ParleyError.invalid("\"\(text)\" is not an http:// or https:// URL with a host.", code: "invalid_url")
        }
        return url
    }
}

/// Where a delivery stands.
public enum WebhookDeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// Not yet answered with 2xx; tried again after a pause (or waiting behind an earlier one).
    case pending
    case delivered
    /// Given up: retried past the retry window, or its endpoint was disabled.
    case failed
}

/// One event for one endpoint, as `parley webhooks deliveries` shows it.
public struct WebhookDelivery: Sendable, Equatable {
    public var id: Int64
    public var endpointID: Int64
    public var url: String
    public var eventID: Int64
    public var type: String
    public var articleKey: String?
    public var status: WebhookDeliveryStatus
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date?
    public var lastAttemptAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    public var deliveredAt: Date?

    public init(id: Int64, endpointID: Int64, url: String, eventID: Int64, type: String, articleKey: String?,
                status: WebhookDeliveryStatus, attempts: Int, createdAt: Date, nextAttemptAt: Date?, lastAttemptAt: Date?,
                lastStatus: Int?, lastError: String?, deliveredAt: Date?) {
        self.id = id
        self.endpointID = endpointID
        self.url = url
        self.eventID = eventID
        self.type = type
        self.articleKey = articleKey
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }
}
