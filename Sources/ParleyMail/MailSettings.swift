import Foundation

/// How parley mails: the relay, who the mail is from, where links point, and the limits.
public struct MailSettings: Sendable, Equatable {
    /// `smtp://host:port` (PARLEY_SMTP_URL); nil: no mail is sent at all.
    public var relay: SMTPRelay?
    /// The From mailbox (PARLEY_MAIL_FROM), also the envelope sender.
    public var from: MailAddress
    /// parley's public address (PARLEY_PUBLIC_URL), for unsubscribe links: `https://comments.example.com`.
    public var publicURL: String
    /// Most messages an address gets in an hour (PARLEY_MAIL_PER_HOUR); later ones are skipped.
    public var hourlyCap: Int
    /// Moderators are alerted when the queue holds this many comments (PARLEY_QUEUE_ALERT); 0: never.
    public var queueAlertThreshold: Int
    /// Seconds between looks at the queue when nothing woke the sender.
    public var pollInterval: Double
    /// Attempts before a message is failed for good (retries back off from a minute to 6 hours).
    public var maxAttempts: Int

    public init(relay: SMTPRelay? = nil, from: MailAddress = MailAddress(name: "parley", address: "parley@localhost"),
                publicURL: String = "http://127.0.0.1:8080", hourlyCap: Int = 10, queueAlertThreshold: Int = 50,
                pollInterval: Double = 2, maxAttempts: Int = 8) {
        self.relay = relay
        self.from = from
        self.publicURL = publicURL
        self.hourlyCap = hourlyCap
        self.queueAlertThreshold = queueAlertThreshold
        self.pollInterval = pollInterval
        self.maxAttempts = maxAttempts
    }

    /// The settings PARLEY_* variables give (PARLEY_SMTP_URL, PARLEY_MAIL_FROM,
    /// PARLEY_PUBLIC_URL, PARLEY_MAIL_PER_HOUR, PARLEY_QUEUE_ALERT), over `defaults`.
    public static func from(environment: [String: String], defaults: MailSettings = MailSettings()) throws -> MailSettings {
        var settings = defaults
        if let url = environment["PARLEY_SMTP_URL"], !url.isEmpty { settings.relay = try SMTPRelay(url: url) }
        if let from = environment["PARLEY_MAIL_FROM"], !from.isEmpty {
            guard let parsed = MailAddress(parsing: from) else {
                throw MailSettingsError("PARLEY_MAIL_FROM is not an address such as \"Comments <comments@news.example>\": \(from)")
            }
            settings.from = parsed
        }
        if let url = environment["PARLEY_PUBLIC_URL"], !url.isEmpty { settings.publicURL = url }
        if let value = environment["PARLEY_MAIL_PER_HOUR"] {
            guard let cap = Int(value), cap >= 0 else { throw MailSettingsError("PARLEY_MAIL_PER_HOUR is a whole number: \(value)") }
            settings.hourlyCap = cap
        }
        if let value = environment["PARLEY_QUEUE_ALERT"] {
            guard let threshold = Int(value), threshold >= 0 else { throw MailSettingsError("PARLEY_QUEUE_ALERT is a whole number: \(value)") }
            settings.queueAlertThreshold = threshold
        }
        try settings.validate()
        return settings
    }

    public func validate() throws {
        guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw MailSettingsError("The public URL is an http(s) address such as https://comments.example.com: \(publicURL)")
        }
        guard MailAddress.isDeliverable(from.address) else {
            throw MailSettingsError("The From address \(from.address) is not an address a relay takes.")
        }
    }
}

public struct MailSettingsError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
