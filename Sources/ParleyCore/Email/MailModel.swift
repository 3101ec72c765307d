import Foundation

/// Why parley mails someone.
public enum MailKind: String, Sendable, Codable, CaseIterable {
    /// Someone replied to a comment whose author asked to hear of replies.
    case reply
    /// A comment reached the report threshold and waits in the `reported` queue (to moderators).
    case reported
    /// The moderation queue holds more comments than the alert threshold (to moderators).
    case queue

    /// What an unsubscribe link of this kind of message leaves.
    public var list: MailList { self == .reply ? .replies : .moderators }
}

/// What an unsubscription leaves: every reply notification to the address, or the moderator alerts.
public enum MailList: String, Sendable, Codable, CaseIterable {
    case replies
    case moderators
}

/// How an unsubscription arrived: a mail client's RFC 8058 one-click POST, or the page's button.
public enum UnsubscribeMethod: String, Sendable, Codable {
    case oneClick = "one-click"
    case page
}

/// A message parley decided to send (a row of the mail queue), as it was decided.
public struct EnqueuedMail: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case pending, sent, failed, skipped
    }

    public var id: Int64
    public var kind: MailKind
    public var address: String
    public var reasonKey: String
    public var status: Status
    /// Why a message was skipped (e.g. `hourly_cap`).
    public var note: String?

    public init(id: Int64, kind: MailKind, address: String, reasonKey: String, status: Status, note: String? = nil) {
        self.id = id
        self.kind = kind
        self.address = address
        self.reasonKey = reasonKey
        self.status = status
        self.note = note
    }
}

/// The article a message is about.
public struct MailArticle: Sendable, Equatable {
    public var key: String
    public var title: String
    public var url: String?

    public init(key: String, title: String, url: String? = nil) {
        self.key = key
        self.title = title
        self.url = url
    }
}

/// A comment as a message quotes it: the text readers see (censored where the rules masked words).
public struct MailComment: Sendable, Equatable {
    public var id: Int64
    public var authorName: String
    public var text: String
    public var createdAt: Date

    public init(id: Int64, authorName: String, text: String, createdAt: Date) {
        self.id = id
        self.authorName = authorName
        self.text = text
        self.createdAt = createdAt
    }
}

/// What a message says, read from the database when it is about to be sent.
public enum MailContent: Sendable, Equatable {
    /// `reply` answered the recipient's `parent`.
    case reply(article: MailArticle, parent: MailComment, reply: MailComment)
    /// `comment` waits in the reported queue after `reports` (their reasons, newest first).
    case reported(article: MailArticle, comment: MailComment, reports: [String])
    /// The queue holds `held` comments (at least; counting stops past the threshold's double).
    case queue(held: Int, threshold: Int)
    /// The message no longer applies (the reply was removed, the address unsubscribed): skip it.
    case gone(reason: String)
}

/// A due message claimed for sending, with what it says.
public struct MailJob: Sendable, Equatable {
    public var id: Int64
    public var kind: MailKind
    public var address: String
    /// The recipient's name when parley knows it (a reader: the name of their comment).
    public var recipientName: String?
    /// Attempts so far, this one included.
    public var attempts: Int
    public var createdAt: Date
    public var content: MailContent

    public init(id: Int64, kind: MailKind, address: String, recipientName: String?, attempts: Int, createdAt: Date,
                content: MailContent) {
        self.id = id
        self.kind = kind
        self.address = address
        self.recipientName = recipientName
        self.attempts = attempts
        self.createdAt = createdAt
        self.content = content
    }
}

/// An address on the moderator list.
public struct ModeratorRecipient: Sendable, Equatable {
    public var address: String
    public var addedAt: Date
    public var addedBy: String
    /// When the address unsubscribed through a message's link since it was added; it gets no
    /// alerts until it is added again.
    public var unsubscribedAt: Date?

    public init(address: String, addedAt: Date, addedBy: String, unsubscribedAt: Date? = nil) {
        self.address = address
        self.addedAt = addedAt
        self.addedBy = addedBy
        self.unsubscribedAt = unsubscribedAt
    }
}

/// What an unsubscribe link leads to.
public struct UnsubscribeTarget: Sendable, Equatable {
    public var messageID: Int64
    public var address: String
    public var list: MailList
    /// When this link was used already (it works once).
    public var usedAt: Date?

    public init(messageID: Int64, address: String, list: MailList, usedAt: Date?) {
        self.messageID = messageID
        self.address = address
        self.list = list
        self.usedAt = usedAt
    }
}

/// What became of a message's sending attempt, for the queue.
public enum MailOutcome: Sendable, Equatable {
    case sent(messageID: String)
    /// Try again at that time.
    case retry(error: String, at: Date)
    /// Never again.
    case failed(error: String)
    case skipped(reason: String)
}
