import Foundation

/// A delivery a dispatcher holds for a while (its lease), with what it takes to send it.
public struct ClaimedDelivery: Sendable, Equatable {
    public var id: Int64
    public var eventID: Int64
    public var type: String
    /// The event's payload: a JSON document, the message's `data`.
    public var data: String
    public var occurredAt: Date
    /// When the delivery was made (the retry window counts from here).
    public var createdAt: Date
    public var attempts: Int

    public init(id: Int64, eventID: Int64, type: String, data: String, occurredAt: Date, createdAt: Date, attempts: Int) {
        self.id = id
        self.eventID = eventID
        self.type = type
        self.data = data
        self.occurredAt = occurredAt
        self.createdAt = createdAt
        self.attempts = attempts
    }
}

/// The deliveries of one (endpoint, article) that are next in line, oldest first: they go out
/// one after the other, and the run stops at the first that fails.
public struct ClaimedRun: Sendable, Equatable {
    public var endpointID: Int64
    public var url: String
    /// The endpoint's secret (`whsec_...`), only for signing.
    public var secret: String
    public var deliveries: [ClaimedDelivery]

    public init(endpointID: Int64, url: String, secret: String, deliveries: [ClaimedDelivery]) {
        self.endpointID = endpointID
        self.url = url
        self.secret = secret
        self.deliveries = deliveries
    }
}

/// What became of one attempt.
public struct DeliveryResult: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        /// 2xx.
        case delivered
        /// Not delivered; tried again after `retryAfter`.
        case retry
        /// Not delivered, and not tried again (the retry window is over).
        case failed
        /// 410 Gone: the endpoint is disabled, with all it had pending.
        case gone
    }

    public var deliveryID: Int64
    public var endpointID: Int64
    public var outcome: Outcome
    public var httpStatus: Int?
    public var error: String?
    public var retryAfter: Duration

    public init(deliveryID: Int64, endpointID: Int64, outcome: Outcome, httpStatus: Int?, error: String?, retryAfter: Duration = .zero) {
        self.deliveryID = deliveryID
        self.endpointID = endpointID
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.error = error
        self.retryAfter = retryAfter
    }
}

/// Endpoints a recording disabled (a 410), for the log line.
public struct DisabledEndpoint: Sendable, Equatable {
    public var id: Int64
    public var url: String

    public init(id: Int64, url: String) {
        self.id = id
        self.url = url
    }
}

/// The outbox as `/metrics` shows it.
public struct OutboxStatistics: Sendable, Equatable {
    /// Deliveries not yet delivered nor failed, plus events not yet fanned out to endpoints.
    public var pendingDeliveries: Int
    public var waitingEvents: Int
    public var failedDeliveries: Int
    /// Seconds since the oldest event still undelivered somewhere was written (0: none).
    public var oldestUndeliveredAge: Double

    public init(pendingDeliveries: Int, waitingEvents: Int, failedDeliveries: Int, oldestUndeliveredAge: Double) {
        self.pendingDeliveries = pendingDeliveries
        self.waitingEvents = waitingEvents
        self.failedDeliveries = failedDeliveries
        self.oldestUndeliveredAge = oldestUndeliveredAge
    }
}

/// Storage of the outbox, the endpoints and their deliveries (sql/0015_outbox.sql).
public protocol OutboxRepository: Sendable {
    // MARK: The dispatcher's side

    /// Makes deliveries of up to `limit` events not yet fanned out, for every enabled endpoint
    /// subscribed to their type; returns how many events it took.
    func fanOut(limit: Int) async throws -> Int
    /// Takes up to `limit` ready, due deliveries that nobody holds (`FOR UPDATE SKIP LOCKED`),
    /// each with up to `runLength` - 1 deliveries waiting behind it in its (endpoint, article),
    /// and holds them for `lease` under the claim `token`.
    func claim(limit: Int, runLength: Int, lease: Duration, token: String) async throws -> [ClaimedRun]
    /// Records what became of attempts made under `token` (a result whose lease another
    /// dispatcher took over meanwhile is ignored) and readies the next delivery of each
    /// (endpoint, article) whose first one is done; returns the endpoints disabled by a 410.
    func record(_ results: [DeliveryResult], token: String) async throws -> [DisabledEndpoint]
    func statistics() async throws -> OutboxStatistics

    // MARK: The operator's side

    func addEndpoint(url: String, events: [OutboxEventType]?, secret: WebhookSecret, createdBy: String) async throws -> WebhookEndpoint
    func endpoints() async throws -> [WebhookEndpoint]
    func endpoint(id: Int64) async throws -> WebhookEndpoint?
    /// The endpoint's signing secret, for `webhooks test`.
    func secret(endpoint id: Int64) async throws -> WebhookSecret?
    /// Removes an endpoint and its deliveries; false when there is none of that id.
    func removeEndpoint(id: Int64, by actor: String) async throws -> Bool
    /// Newest first; only failed ones with `failedOnly`.
    func deliveries(failedOnly: Bool, endpoint: Int64?, limit: Int) async throws -> [WebhookDelivery]
    /// Puts a delivery back in line to be sent now (attempts start again; same webhook-id).
    func redeliver(id: Int64) async throws -> WebhookDelivery
}
