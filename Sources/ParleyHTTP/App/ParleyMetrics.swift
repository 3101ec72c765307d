import Foundation
import Metrics
import ParleyCore
import ParleyModeration
import ParleyPostgres
import Prometheus
import Synchronization

/// parley's own metrics, in the registry `/metrics` prints (HTTP request counts and latency
/// histograms come from Hummingbird's MetricsMiddleware through swift-metrics into the same
/// registry, once `parley serve` bootstraps it).
public final class ParleyMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let queueDepth: Prometheus.Gauge
    private let poolOpen: Prometheus.Gauge
    private let poolIdle: Prometheus.Gauge
    private let poolWaiting: Prometheus.Gauge
    private let liveSubscribers: Prometheus.Gauge
    private let postBatches: Prometheus.Gauge
    private let postsCommitted: Prometheus.Gauge
    private let largestPostBatch: Prometheus.Gauge
    private let webhooks = Mutex<WebhookWatch>(WebhookWatch())

    /// The dispatcher of this process (if it runs one) and the attempt counts already reported.
    private struct WebhookWatch {
        var dispatcher: OutboxDispatcher?
        var reported: [DeliveryResult.Outcome: Int] = [:]
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        queueDepth = registry.makeGauge(name: "parley_queue_depth", labels: [], help: "Comments waiting for a moderator")
        poolOpen = registry.makeGauge(name: "parley_db_pool_open", labels: [], help: "Open database connections")
        poolIdle = registry.makeGauge(name: "parley_db_pool_idle", labels: [], help: "Idle database connections")
        poolWaiting = registry.makeGauge(name: "parley_db_pool_waiting", labels: [], help: "Requests waiting for a database connection")
        liveSubscribers = registry.makeGauge(name: "parley_live_subscribers", labels: [], help: "Open live event streams")
        postBatches = registry.makeGauge(name: "parley_group_commit_batches", labels: [],
                                         help: "Batches of posts committed since start (group commit)")
        postsCommitted = registry.makeGauge(name: "parley_group_commit_posts", labels: [],
                                            help: "Posts that went through group commit since start")
        largestPostBatch = registry.makeGauge(name: "parley_group_commit_largest_batch", labels: [],
                                              help: "The most posts one commit has carried since start")
    }

    /// Counts a moderation decision, once per action and once per rule that fired.
    public func record(_ decision: ModerationDecision) {
        registry.makeCounter(name: "parley_moderation_decisions_total", labels: [("action", decision.action.rawValue)],
                             help: "Moderation decisions by action").increment()
        for rule in decision.firedRules {
            registry.makeCounter(name: "parley_moderation_rules_fired_total", labels: [("rule", rule.name), ("action", rule.action.rawValue)],
                                 help: "Rules that fired, by rule and action").increment()
        }
    }

    func update(queueDepth depth: Int, pool: (open: Int, idle: Int, waiting: Int), liveSubscribers subscribers: Int,
                groupCommit: PostCommitter.Statistics) {
        postBatches.set(Double(groupCommit.batches))
        postsCommitted.set(Double(groupCommit.posts))
        largestPostBatch.set(Double(groupCommit.largestBatch))
        liveSubscribers.set(Double(subscribers))
        queueDepth.set(Double(depth))
        poolOpen.set(Double(pool.open))
        poolIdle.set(Double(pool.idle))
        poolWaiting.set(Double(pool.waiting))
    }

    /// Attempts by outcome come from this dispatcher (the one `parley serve` runs).
    public func watch(_ dispatcher: OutboxDispatcher) {
        webhooks.withLock { $0.dispatcher = dispatcher }
    }

    /// The outbox as the database sees it (all dispatchers together), and this process's attempts.
    func update(outbox: OutboxStatistics) {
        registry.makeGauge(name: "parley_webhook_outbox_depth", labels: [],
                           help: "Webhook deliveries not yet delivered nor failed, plus events not yet fanned out to endpoints")
            .set(Double(outbox.pendingDeliveries + outbox.waitingEvents))
        registry.makeGauge(name: "parley_webhook_deliveries", labels: [("status", "pending")],
                           help: "Webhook deliveries in the database by status (delivered ones are counted by parley_webhook_attempts_total)")
            .set(Double(outbox.pendingDeliveries))
        registry.makeGauge(name: "parley_webhook_deliveries", labels: [("status", "failed")],
                           help: "Webhook deliveries in the database by status (delivered ones are counted by parley_webhook_attempts_total)")
            .set(Double(outbox.failedDeliveries))
        registry.makeGauge(name: "parley_webhook_oldest_undelivered_seconds", labels: [],
                           help: "Age of the oldest outbox event not yet delivered to every endpoint that wants it (0: none)")
            .set(outbox.oldestUndeliveredAge)
        let deltas = webhooks.withLock { watch -> [(DeliveryResult.Outcome, Int)] in
            guard let dispatcher = watch.dispatcher else { return [] }
            let now = dispatcher.outcomes
            defer { watch.reported = now }
            return now.map { ($0.key, $0.value - watch.reported[$0.key, default: 0]) }
        }
        for outcome in [DeliveryResult.Outcome.delivered, .retry, .failed, .gone] {
            let counter = registry.makeCounter(name: "parley_webhook_attempts_total", labels: [("outcome", outcome.rawValue)],
                                               help: "Webhook delivery attempts by this process, by outcome (retry: failed, tried again later; failed: given up; gone: 410, endpoint disabled)")
            if let delta = deltas.first(where: { $0.0 == outcome })?.1, delta > 0 { counter.increment(by: Int64(delta)) }
        }
    }

    /// The read database: lag (bytes and seconds, -1 when unreachable) and whether it serves reads.
    func update(replica: ReadReplica) {
        let lag = replica.lag
        registry.makeGauge(name: "parley_read_database_lag_seconds", labels: [], help: "How far the read standby is behind the primary, in seconds (-1: unreachable)")
            .set(lag?.seconds ?? -1)
        registry.makeGauge(name: "parley_read_database_lag_bytes", labels: [], help: "How far the read standby is behind the primary, in WAL bytes (-1: unreachable)")
            .set(lag.map { Double($0.bytes) } ?? -1)
        registry.makeGauge(name: "parley_read_database_serving", labels: [], help: "1 while the read standby serves reads, 0 while the primary does")
            .set(Double(replica.serving ? 1 : 0))
    }

    /// The mail queue (sql/0016_email.sql) by status, across every server on the database:
    /// `pending` is queued (or waiting for a retry), `sent`, `failed` (refused or out of
    /// attempts), `skipped` (hourly cap, unsubscribed, removed).
    func update(mail counts: [EnqueuedMail.Status: Int]) {
        for status in [EnqueuedMail.Status.pending, .sent, .failed, .skipped] {
            registry.makeGauge(name: "parley_mail_messages", labels: [("status", status.rawValue)],
                               help: "Email messages in the mail queue, by status").set(Double(counts[status] ?? 0))
        }
    }

    /// Prometheus text format.
    public func text() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
