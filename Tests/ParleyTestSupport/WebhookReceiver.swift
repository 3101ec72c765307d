import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real webhook receiver for tests: a Hummingbird server on 127.0.0.1 (port chosen by the
/// system) that checks every message's Standard Webhooks signature with its own HMAC (not
/// parley's signing code), answers as a script says (a status, or a status after a pause,
/// to play a receiver that fails or times out), and keeps what it got.
public final class WebhookReceiver: Sendable {
    public enum Behaviour: Sendable {
        case answer(Int)
        /// Holds the request, then answers: longer than the sender's timeout plays a hung receiver.
        case pause(Duration, then: Int)
    }

    public struct Received: Sendable {
        public var number: Int
        public var id: String
        public var timestamp: Int64
        public var body: [UInt8]
        public var signatureValid: Bool
        public var type: String?
        public var articleKey: String?
        public var commentID: Int64?
        /// The status answered (set once the answer went out).
        public var status: Int?
        /// Sent to the path that answers 410.
        public var gone: Bool
        public var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)/hook" }
    /// A path that always answers 410 Gone.
    public var goneURL: String { "http://127.0.0.1:\(port)/gone" }
    private let key: [UInt8]
    private let state: Shared
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private final class Shared: Sendable {
        let mutex = Mutex(State())
        func withLock<R>(_ body: (inout State) -> R) -> R { mutex.withLock { body(&$0) } }
    }

    private struct State {
        var received: [Received] = []
        var script: @Sendable (_ number: Int, _ id: String) -> Behaviour = { _, _ in .answer(200) }
        var inFlight: [String: Int] = [:]
        /// webhook-ids that were being handled twice at the same moment.
        var overlapping: [String] = []
    }

    /// `key`: the HMAC key (the bytes after `whsec_`, decoded); `port` 0: one the system picks
    /// (another: e.g. the port of a receiver that was stopped, to play one that comes back).
    public static func start(key: [UInt8], port: Int = 0) async throws -> WebhookReceiver {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let state = Shared()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4 << 20)
            return await Self.handle(request: request, body: Array(buffer: body), key: key, state: state)
        }
        router.post("/gone") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4 << 20)
            return await Self.handle(request: request, body: Array(buffer: body), key: key, state: state, gone: true)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { channel in
                                  portContinuation.yield(channel.localAddress?.port ?? 0)
                                  portContinuation.finish()
                              },
                              logger: Logger(label: "webhook-receiver"))
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .error
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await group.run() }
        var port = 0
        for await value in portStream { port = value }
        guard port > 0 else {
            task.cancel()
            struct NoPort: Error {}
            throw NoPort()
        }
        return WebhookReceiver(port: port, key: key, state: state, group: group, task: task)
    }

    private init(port: Int, key: [UInt8], state: Shared, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.key = key
        self.state = state
        self.group = group
        self.task = task
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// How the receiver answers from now on, by request number (0, 1, ...) and webhook-id.
    public func script(_ script: @escaping @Sendable (_ number: Int, _ id: String) -> Behaviour) {
        state.withLock { $0.script = script }
    }

    public var received: [Received] { state.withLock { $0.received } }
    /// Messages answered with 2xx, in the order they arrived.
    public var delivered: [Received] { received.filter(\.succeeded) }
    public var overlapping: [String] { state.withLock { $0.overlapping } }

    /// Waits (polling, up to `timeout`) until `condition` holds for what was received.
    public func wait(_ what: String, timeout: Duration = .seconds(60), until condition: ([Received]) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(received) {
            guard ContinuousClock.now < deadline else {
                struct TimedOut: Error, CustomStringConvertible { var description: String }
                throw TimedOut(description: "timed out waiting until \(what); received \(received.count), delivered \(delivered.count)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private static func handle(request: Request, body: [UInt8], key: [UInt8], state: Shared, gone: Bool = false) async -> Response {
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { request.headers[$0] } }
        let id = header("webhook-id") ?? ""
        let timestamp = header("webhook-timestamp").flatMap(Int64.init) ?? 0
        let signatures = (header("webhook-signature") ?? "").split(separator: " ").map(String.init)
        var signed = Array("\(id).\(timestamp).".utf8)
        signed.append(contentsOf: body)
        let expected = "v1," + Data(HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))).base64EncodedString()
        let fresh = abs(Date().timeIntervalSince1970 - Double(timestamp)) < 300
        let document = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let data = document?["data"] as? [String: Any]
        var received = Received(
            number: 0, id: id, timestamp: timestamp, body: body, signatureValid: signatures.contains(expected) && fresh && !id.isEmpty,
            type: document?["type"] as? String, articleKey: (data?["article"] as? [String: Any])?["key"] as? String,
            commentID: ((data?["comment"] as? [String: Any])?["id"] as? NSNumber)?.int64Value, status: nil, gone: gone)
        let (number, behaviour) = state.withLock { state -> (Int, Behaviour) in
            received.number = state.received.count
            state.received.append(received)
            state.inFlight[id, default: 0] += 1
            if state.inFlight[id, default: 0] > 1 { state.overlapping.append(id) }
            return (received.number, gone ? .answer(410) : state.script(received.number, id))
        }
        var status: Int
        switch behaviour {
        case .answer(let code):
            status = code
        case .pause(let pause, let code):
            try? await Task.sleep(for: pause)
            status = code
        }
        if !received.signatureValid { status = 401 }
        state.withLock { state in
            state.received[number].status = status
            state.inFlight[id, default: 1] -= 1
        }
        return Response(status: .init(code: status))
    }
}
