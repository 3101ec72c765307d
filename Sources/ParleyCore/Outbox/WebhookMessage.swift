import Foundation

/// One signed HTTP request to a receiver: Standard Webhooks headers and the body
/// `{"type", "timestamp", "data"}`. The same event keeps its `webhook-id` on every attempt;
/// `webhook-timestamp` is the time of the attempt (receivers check it for replays).
public struct WebhookMessage: Sendable {
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(url: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// `data` is a JSON document (the event's payload, as the outbox stored it).
    public static func make(url: String, secret: WebhookSecret, id: String, type: String, occurredAt: Date,
                            data: String, sentAt: Date = Date()) -> WebhookMessage {
        var body = Array(#"{"type":"#.utf8)
        appendJSONString(type, to: &body)
        body.append(contentsOf: #","timestamp":"#.utf8)
        appendJSONString(ParleyJSON.rfc3339(occurredAt), to: &body)
        body.append(contentsOf: #","data":"#.utf8)
        body.append(contentsOf: data.utf8)
        body.append(UInt8(ascii: "}"))
        let timestamp = Int64(sentAt.timeIntervalSince1970.rounded(.down))
        return WebhookMessage(url: url, headers: [
            ("content-type", "application/json"),
            ("user-agent", "parley-webhooks/1"),
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", secret.signature(id: id, timestamp: timestamp, body: body)),
        ], body: body)
    }

    /// The `webhook-id` of an outbox event: stable across retries and redeliveries.
    public static func id(event: Int64) -> String { "msg_\(event)" }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    private static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        var writer = JSONWriter()
        writer.string(text)
        bytes.append(contentsOf: writer.bytes)
    }
}

/// How a receiver answered one attempt.
public enum WebhookAnswer: Sendable, Equatable {
    /// An HTTP status (any: the caller judges it).
    case status(Int)
    /// No answer: a timeout, a refused connection, a broken response; one line saying which.
    case failure(String)

    public var succeeded: Bool {
        if case .status(let code) = self { return (200..<300).contains(code) }
        return false
    }
}

/// Sends webhook messages over HTTP. ParleyWebhooks implements it with async-http-client.
public protocol WebhookSender: Sendable {
    /// Posts `message` and waits at most `timeout` for the whole answer.
    func send(_ message: WebhookMessage, timeout: Duration) async -> WebhookAnswer
}
