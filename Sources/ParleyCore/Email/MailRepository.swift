import Foundation

/// Who asked for reply notifications on a reply's parent, as `replyNotificationTargets` finds them.
public struct ReplyTarget: Sendable, Equatable {
    public var replyID: Int64
    public var parentID: Int64
    public var address: String

    public init(replyID: Int64, parentID: Int64, address: String) {
        self.replyID = replyID
        self.parentID = parentID
        self.address = address
    }
}

/// Storage of email: subscriptions, the moderator list, the queue of messages with their
/// outcomes, unsubscriptions and the key that signs unsubscribe links.
///
/// The `enqueue…` calls decide who is mailed and store one queue row per recipient, keyed by
/// why (a reply, a report, the queue's hour) and the address, so asking again (a retried
/// event, a second server) adds nothing. Past `hourlyCap` messages to an address in the last
/// hour, a message is stored as skipped (`hourly_cap`) and never sent.
public protocol MailRepository: Sendable {
    /// Who is to hear of this reply: the address on its parent's reply subscription, unless
    /// the reply is not visible, is the subscriber's own (same author, or the same address),
    /// or the address unsubscribed from replies after subscribing. Nothing is stored.
    func replyNotificationTargets(replyID: Int64) async throws -> [ReplyTarget]

    /// Queues the reply notifications of `replyTargets(replyID:)`; answers the rows added now.
    /// The database's trigger queues them already when the reply becomes visible, so this is
    /// a safety net that normally adds nothing.
    func enqueueReplyNotifications(replyID: Int64, hourlyCap: Int) async throws -> [EnqueuedMail]

    /// Queues the notifications of every visible reply created within `within` seconds that
    /// has none queued yet: a catch-up for when no outbox event names the replies.
    func enqueueRecentReplyNotifications(within: Double, hourlyCap: Int) async throws -> [EnqueuedMail]

    /// Queues an alert to every subscribed moderator for each comment that entered the
    /// reported queue within `within` seconds and was not alerted yet (once per time it is reported).
    func enqueueReportAlerts(within: Double, hourlyCap: Int) async throws -> [EnqueuedMail]

    /// Queues one alert per subscribed moderator and clock hour while the queue (pending,
    /// flagged and reported comments) holds at least `threshold` comments.
    func enqueueQueueAlert(threshold: Int, hourlyCap: Int) async throws -> [EnqueuedMail]

    /// Claims up to `limit` due messages: each is due again after `lease` seconds unless its
    /// outcome is recorded first, so a sender that dies mid-way leaves it to another.
    func claimDue(limit: Int, lease: Double) async throws -> [MailJob]

    func record(_ outcome: MailOutcome, messageID: Int64) async throws

    /// Stores the hourly cap the database applies when it queues reply notifications itself
    /// (the `comments_queue_reply_mail` trigger, in the reply's own transaction).
    func configure(hourlyCap: Int) async throws

    /// The HMAC key of unsubscribe links, made once per database.
    func unsubscribeSecret() async throws -> [UInt8]

    func unsubscribeTarget(messageID: Int64) async throws -> UnsubscribeTarget?

    /// Records the unsubscription of a message's link; false when that link was used before.
    func unsubscribe(messageID: Int64, method: UnsubscribeMethod) async throws -> Bool

    /// Adds an address to the moderator list, or subscribes it again (after an unsubscription).
    func addModerator(address: String, by: String) async throws -> ModeratorRecipient
    func moderators() async throws -> [ModeratorRecipient]
    /// False when the address was not on the list.
    func removeModerator(address: String) async throws -> Bool

    /// Messages by status (for metrics and `parley notify status`).
    func counts() async throws -> [EnqueuedMail.Status: Int]
}
