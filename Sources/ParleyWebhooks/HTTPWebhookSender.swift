import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ParleyCore

/// Webhook delivery over HTTP with async-http-client: connections kept alive and reused per
/// receiver, redirects not followed (a receiver that moved answers with its status, which
/// counts as a failure), a connect timeout, and a deadline for the whole answer.
public final class HTTPWebhookSender: WebhookSender {
    private let client: HTTPClient
    /// The most bytes of an answer's body read (and thrown away) before the connection is reused.
    static let bodyLimit = 64 * 1024

    /// `connections`: connections kept per receiver at once.
    public init(connectTimeout: Duration = .seconds(5), connections: Int = 16) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(connectTimeout.inSeconds * 1000))))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func send(_ message: WebhookMessage, timeout: Duration) async -> WebhookAnswer {
        var request = HTTPClientRequest(url: message.url)
        request.method = .POST
        for header in message.headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: message.body))
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout.inSeconds * 1000))
        do {
            let response = try await client.execute(request, deadline: deadline)
            // Read the answer to its end (bounded), so the connection can carry the next one.
            var read = 0
            for try await chunk in response.body {
                read += chunk.readableBytes
                if read > Self.bodyLimit { break }
            }
            return .status(Int(response.status.code))
        } catch let error as HTTPClientError {
            return .failure(Self.describe(error))
        } catch {
            return .failure("\(error)")
        }
    }

    static func describe(_ error: HTTPClientError) -> String {
        if error == .deadlineExceeded || error == .readTimeout { return "timed out" }
        if error == .connectTimeout { return "connection timed out" }
        if error == .remoteConnectionClosed { return "the receiver closed the connection" }
        if error == .cancelled { return "cancelled" }
        return "\(error)"
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
