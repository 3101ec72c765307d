import Foundation
import Logging
import ParleyCore
import Synchronization

/// Sends what the mail queue holds, and decides the moderators' alerts.
///
/// Who is mailed is decided in the database (`MailRepository.enqueue…`): once per reason and
/// address, within the hourly cap. `sendDue()` claims due messages (`FOR UPDATE SKIP LOCKED`,
/// so several servers share the queue), writes each one (`MailComposer`) and hands it to the
/// sender; the outcome is recorded: sent, tried again later with a growing pause, or failed.
/// A message that no longer applies (the reply was removed, the reader unsubscribed) is skipped.
///
/// Reply notifications are queued by the database itself, in the transaction that makes a
/// reply visible (sql/0016_email.sql, `comments_queue_reply_mail`); `replyBecameVisible` and
/// `catchUpRecentReplies` remain as safety nets that normally find nothing to add.
public final class Mailer: Sendable {
    public let repository: any MailRepository
    public let sender: any MailSender
    public let settings: MailSettings
    public let composer: MailComposer
    let logger: Logger
    let signal = WakeSignal()
    let tally = Tally()

    /// How many messages one claim takes.
    var batchSize: Int { 32 }
    /// Seconds a claimed message waits before another sender may take it (a sender died mid-way).
    var lease: Double { 300 }
    /// Reported comments older than this (seconds) get no alert any more.
    var reportWindow: Double { 86_400 }
    /// Replies younger than this (seconds) are looked at by `catchUpRecentReplies`.
    var recentReplyWindow: Double { 300 }

    public struct Counts: Sendable, Equatable {
        public var sent = 0
        public var retried = 0
        public var failed = 0
        public var skipped = 0

        public init(sent: Int = 0, retried: Int = 0, failed: Int = 0, skipped: Int = 0) {
            self.sent = sent
            self.retried = retried
            self.failed = failed
            self.skipped = skipped
        }
    }

    init(repository: any MailRepository, sender: any MailSender, settings: MailSettings, composer: MailComposer, logger: Logger) {
        self.repository = repository
        self.sender = sender
        self.settings = settings
        self.composer = composer
        self.logger = logger
    }

    /// A mailer over the database's unsubscribe key (made on first use).
    public static func make(repository: any MailRepository, sender: any MailSender, settings: MailSettings,
                            logger: Logger) async throws -> Mailer {
        try await repository.configure(hourlyCap: settings.hourlyCap)
        let links = UnsubscribeLinks(secret: try await repository.unsubscribeSecret())
        return Mailer(repository: repository, sender: sender, settings: settings,
                      composer: MailComposer(settings: settings, links: links), logger: logger)
    }

    /// What this process sent, retried, failed and skipped since it started.
    public var counts: Counts { tally.value }

    // MARK: Deciding

    /// Queues the notifications a visible reply calls for (nothing when it is not a reply,
    /// not visible, or its parent's author did not ask); safe to call again for the same reply.
    @discardableResult
    public func replyBecameVisible(commentID: Int64) async throws -> [EnqueuedMail] {
        let queued = try await repository.enqueueReplyNotifications(replyID: commentID, hourlyCap: settings.hourlyCap)
        if queued.contains(where: { $0.status == .pending }) { wake() }
        return queued
    }

    /// Queues what the trigger would have queued for the replies of the last few minutes (a
    /// safety net; the loop does not call it).
    @discardableResult
    public func catchUpRecentReplies() async throws -> [EnqueuedMail] {
        try await repository.enqueueRecentReplyNotifications(within: recentReplyWindow, hourlyCap: settings.hourlyCap)
    }

    /// Queues the moderators' alerts that are due: comments newly in the reported queue, and
    /// the queue past its threshold (once an hour).
    @discardableResult
    public func decideModeratorAlerts() async throws -> [EnqueuedMail] {
        var queued = try await repository.enqueueReportAlerts(within: reportWindow, hourlyCap: settings.hourlyCap)
        if settings.queueAlertThreshold > 0 {
            queued += try await repository.enqueueQueueAlert(threshold: settings.queueAlertThreshold, hourlyCap: settings.hourlyCap)
        }
        return queued
    }

    // MARK: Sending

    /// Sends every message due now, batch after batch; answers how many were handled.
    @discardableResult
    public func sendDue(now: Date = Date()) async throws -> Int {
        var handled = 0
        while true {
            let jobs = try await repository.claimDue(limit: batchSize, lease: lease)
            for job in jobs {
                let outcome = await deliver(job)
                try await repository.record(outcome, messageID: job.id)
                tally.count(outcome)
            }
            handled += jobs.count
            if jobs.count < batchSize { return handled }
        }
    }

    /// One job: compose, send, and what to record.
    func deliver(_ job: MailJob) async -> MailOutcome {
        if case .gone(let reason) = job.content { return .skipped(reason: reason) }
        // Queued while no server sent mail (no relay configured): stale news is not sent.
        if job.attempts <= 1, job.createdAt < Date().addingTimeInterval(-Self.freshness) { return .skipped(reason: "expired") }
        guard MailAddress.isDeliverable(job.address) else {
            logger.notice("mail not sent: unsupported address", metadata: ["message": "\(job.id)"])
            return .failed(error: "unsupported address")
        }
        guard let message = composer.compose(job) else { return .skipped(reason: "nothing to say") }
        do {
            try await sender.send(OutgoingMail(envelopeFrom: settings.from.address, recipients: [job.address], data: message.rendered()))
            logger.debug("mail sent", metadata: ["message": "\(job.id)", "kind": "\(job.kind.rawValue)"])
            return .sent(messageID: "<\(message.messageID)>")
        } catch let error as MailDeliveryError {
            return outcome(of: error, job: job)
        } catch {
            return outcome(of: .temporary("\(error)"), job: job)
        }
    }

    func outcome(of error: MailDeliveryError, job: MailJob) -> MailOutcome {
        switch error {
        case .permanent(let message):
            logger.warning("mail refused for good", metadata: ["message": "\(job.id)", "error": "\(message)"])
            return .failed(error: message)
        case .temporary(let message) where job.attempts >= settings.maxAttempts:
            logger.warning("mail failed after \(job.attempts) attempts", metadata: ["message": "\(job.id)", "error": "\(message)"])
            return .failed(error: message)
        case .temporary(let message):
            logger.notice("mail not sent yet; trying again", metadata: ["message": "\(job.id)", "error": "\(message)"])
            return .retry(error: message, at: Date().addingTimeInterval(Self.pause(afterAttempt: job.attempts)))
        }
    }

    /// Seconds after which a message never tried is no longer worth sending.
    static let freshness: Double = 86_400

    /// A minute, 5 minutes, 15 minutes, an hour, 3 hours, then 6 hours, each ±10%: eight
    /// attempts span about a day and a half.
    static func pause(afterAttempt attempt: Int) -> Double {
        let steps: [Double] = [60, 300, 900, 3600, 10_800, 21_600]
        let base = steps[min(max(attempt, 1), steps.count) - 1]
        return base * Double.random(in: 0.9...1.1)
    }

    // MARK: Running

    /// Makes `run()` look at the queue now instead of at its next poll.
    public func wake() {
        signal.signal()
    }

    /// Until cancelled: decides moderator alerts, sends what is due, then waits for `wake()`
    /// or the poll interval. A failing database is logged and tried again at the next poll.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await decideModeratorAlerts()
                try await sendDue()
            } catch {
                logger.notice("mail queue not reachable", metadata: ["error": "\(error)"])
            }
            await signal.wait(seconds: settings.pollInterval)
        }
    }
}
