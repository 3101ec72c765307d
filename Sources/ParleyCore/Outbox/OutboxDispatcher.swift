import Foundation
import Logging
import Synchronization

/// How a dispatcher works; the defaults suit a production server.
public struct DispatcherSettings: Sendable, Equatable {
    /// How often it looks for work when no notification came (a lost NOTIFY, a retry falling due).
    public var pollInterval: Duration = .seconds(1)
    /// The longest wait for a receiver's whole answer.
    public var requestTimeout: Duration = .seconds(10)
    /// How long a claimed delivery is held; a dispatcher that dies leaves it to others after that.
    public var lease: Duration = .seconds(60)
    /// (endpoint, article) runs in flight at once.
    public var maximumRuns = 64
    /// Deliveries of one (endpoint, article) sent one after the other under one claim.
    public var runLength = 20
    /// Events fanned out to deliveries per statement.
    public var fanOutBatch = 1000
    /// The shortest time between two rounds: wakes that come meanwhile (a NOTIFY per commit, a
    /// finished run) are served by one round, so a busy outbox costs a few transactions per
    /// round rather than per event.
    public var roundPause: Duration = .milliseconds(10)
    public var retry = RetryPolicy()

    public init() {}

    /// The lease must outlast an attempt with room to record it.
    public var isValid: Bool {
        requestTimeout > .zero && pollInterval > .zero && lease >= requestTimeout + .seconds(1) && maximumRuns > 0 && runLength > 0
            && fanOutBatch > 0 && retry.firstDelay > .zero && retry.longestDelay >= retry.firstDelay
    }
}

/// Sends the outbox's events to webhook endpoints (WEB.md): fans events out to the endpoints
/// subscribed to their type, claims ready deliveries (several dispatchers share the work, none
/// sending what another holds), sends each (endpoint, article)'s deliveries in order, and
/// records what became of them. `wake()` (NOTIFY parley_outbox) starts a round at once; a
/// round also runs every `pollInterval` and whenever a run finishes.
///
/// `run()` works until its task is cancelled; then it claims nothing more, lets the attempts
/// under way finish (within the request timeout) and records them before returning. A process
/// that dies instead loses nothing either: what it held is taken again when its lease ends.
public final class OutboxDispatcher: Sendable {
    public let settings: DispatcherSettings
    private let repository: any OutboxRepository
    private let sender: any WebhookSender
    private let logger: Logger
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation
    private let finished = Mutex<[FinishedRun]>([])
    private let stopping = Atomic<Bool>(false)
    private let counts = Mutex<[DeliveryResult.Outcome: Int]>([:])
    private let claimPrefix = UUID().uuidString.prefix(8)
    private let claims = Atomic<Int>(0)

    private struct FinishedRun: Sendable {
        var number: Int
        var token: String
        var results: [DeliveryResult]
    }

    public init(repository: any OutboxRepository, sender: any WebhookSender, settings: DispatcherSettings = DispatcherSettings(),
                logger: Logger) {
        self.repository = repository
        self.sender = sender
        self.settings = settings
        self.logger = logger
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Something was written to the outbox (or may have been): look now.
    public func wake() {
        signal.yield()
    }

    /// Attempts recorded by this dispatcher since it started, by outcome (for /metrics).
    public var outcomes: [DeliveryResult.Outcome: Int] {
        counts.withLock { $0 }
    }

    public func run() async {
        let ticker = Task { [signal, settings] in
            while !Task.isCancelled {
                signal.yield()
                try? await Task.sleep(for: settings.pollInterval)
            }
        }
        defer { ticker.cancel() }
        var running: [Int: Task<Void, Never>] = [:]
        var nextRun = 0
        var failing = false
        for await _ in signals {
            if Task.isCancelled { break }
            do {
                for number in try await recordFinished() { running[number] = nil }
                while try await repository.fanOut(limit: settings.fanOutBatch) == settings.fanOutBatch {}
                let room = settings.maximumRuns - running.count
                if room > 0 {
                    let token = "\(claimPrefix)-\(claims.add(1, ordering: .relaxed).newValue)"
                    let leaseEnd = ContinuousClock.now + settings.lease - .seconds(1)
                    let runs = try await repository.claim(limit: room, runLength: settings.runLength, lease: settings.lease, token: token)
                    for claimed in runs {
                        let number = nextRun
                        nextRun += 1
                        running[number] = Task { [self] in
                            let results = await deliver(claimed, leaseEnd: leaseEnd)
                            finished.withLock { $0.append(FinishedRun(number: number, token: token, results: results)) }
                            signal.yield()
                        }
                    }
                    if runs.count == room { signal.yield() }
                }
                if failing { logger.notice("webhook dispatcher: the database answers again") }
                failing = false
                try? await Task.sleep(for: settings.roundPause)
            } catch {
                if Task.isCancelled || error is CancellationError { break }
                if !failing { logger.warning("webhook dispatcher cannot reach the outbox; retrying", metadata: ["error": "\(error)"]) }
                failing = true
            }
        }
        // Stopping: no new claims; what is under way finishes and is recorded.
        stopping.store(true, ordering: .releasing)
        for task in running.values { await task.value }
        for attempt in 0..<3 {
            do {
                _ = try await recordFinished()
                break
            } catch {
                if attempt == 2 { logger.warning("webhook dispatcher stopped without recording some attempts; they will be sent again",
                                                 metadata: ["error": "\(error)"]) }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Records the runs that finished; returns their numbers.
    private func recordFinished() async throws -> [Int] {
        let done = finished.withLock { runs -> [FinishedRun] in
            defer { runs = [] }
            return runs
        }
        guard !done.isEmpty else { return [] }
        do {
            for (token, runs) in Dictionary(grouping: done, by: \.token) {
                let results = runs.flatMap(\.results)
                if results.isEmpty { continue }
                let disabled = try await repository.record(results, token: token)
                counts.withLock { counts in
                    for result in results { counts[result.outcome, default: 0] += 1 }
                }
                for endpoint in disabled {
                    logger.warning("webhook endpoint \(endpoint.id) answered 410 Gone; it is disabled and gets nothing more",
                                   metadata: ["url": "\(endpoint.url)"])
                }
                for result in results where result.outcome == .failed {
                    logger.notice("webhook delivery \(result.deliveryID) failed for good after its retry window",
                                  metadata: ["endpoint": "\(result.endpointID)", "error": "\(result.error ?? "")"])
                }
            }
        } catch {
            // Put them back to be recorded on the next round (their leases still hold them).
            finished.withLock { $0.append(contentsOf: done) }
            throw error
        }
        return done.map(\.number)
    }

    /// Sends a run in order; stops at the first delivery that was not delivered, or before one
    /// that could not finish within the lease.
    private func deliver(_ run: ClaimedRun, leaseEnd: ContinuousClock.Instant) async -> [DeliveryResult] {
        var results: [DeliveryResult] = []
        let secret: WebhookSecret
        do {
            secret = try WebhookSecret(parsing: run.secret)
        } catch {
            return run.deliveries.prefix(1).map { result(for: $0, endpoint: run.endpointID, answer: .failure("the stored secret is unreadable")) }
        }
        for (index, delivery) in run.deliveries.enumerated() {
            if index > 0 && (stopping.load(ordering: .relaxed) || ContinuousClock.now + settings.requestTimeout > leaseEnd) { break }
            let message = WebhookMessage.make(url: run.url, secret: secret, id: WebhookMessage.id(event: delivery.eventID),
                                              type: delivery.type, occurredAt: delivery.occurredAt, data: delivery.data)
            let answer = await sender.send(message, timeout: settings.requestTimeout)
            let judged = result(for: delivery, endpoint: run.endpointID, answer: answer)
            results.append(judged)
            if judged.outcome != .delivered { break }
        }
        return results
    }

    private func result(for delivery: ClaimedDelivery, endpoint: Int64, answer: WebhookAnswer) -> DeliveryResult {
        switch answer {
        case .status(let code) where (200..<300).contains(code):
            return DeliveryResult(deliveryID: delivery.id, endpointID: endpoint, outcome: .delivered, httpStatus: code, error: nil)
        case .status(410):
            return DeliveryResult(deliveryID: delivery.id, endpointID: endpoint, outcome: .gone, httpStatus: 410, error: "HTTP 410 Gone")
        case .status(let code):
            return failure(delivery, endpoint: endpoint, status: code, error: "HTTP \(code)")
        case .failure(let reason):
            return failure(delivery, endpoint: endpoint, status: nil, error: reason)
        }
    }

    private func failure(_ delivery: ClaimedDelivery, endpoint: Int64, status: Int?, error: String) -> DeliveryResult {
        if settings.retry.givesUp(createdAt: delivery.createdAt, now: Date(), attempt: delivery.attempts + 1) {
            return DeliveryResult(deliveryID: delivery.id, endpointID: endpoint, outcome: .failed, httpStatus: status, error: error)
        }
        return DeliveryResult(deliveryID: delivery.id, endpointID: endpoint, outcome: .retry, httpStatus: status, error: error,
                              retryAfter: settings.retry.delay(afterFailures: delivery.attempts + 1))
    }
}
