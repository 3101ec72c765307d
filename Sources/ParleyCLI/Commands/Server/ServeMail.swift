import Foundation
import Logging
import ParleyCore
import ParleyHTTP
import ParleyMail
import ParleyPostgres

/// The mail side of `parley serve`: with PARLEY_SMTP_URL and msmtp, a loop that sends the mail
/// queue; without either, a notice at start and no mail at all.
enum ServeMail {
    /// The settings from PARLEY_* (links point at the server's own address unless
    /// PARLEY_PUBLIC_URL says otherwise); nil when no mail is to be sent (said once, here).
    static func settings(configuration: ServerConfiguration, environment: [String: String], logger: Logger) throws -> MailSettings? {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let settings: MailSettings
        do {
            settings = try MailSettings.from(environment: environment,
                                             defaults: MailSettings(publicURL: "http://\(host):\(configuration.port)"))
        } catch {
            throw ParleyError.invalid("\(error)", code: "invalid_config")
        }
        guard let relay = settings.relay else {
            logger.notice("email is off: PARLEY_SMTP_URL is not set, so no reply notification or moderator alert is sent")
            return nil
        }
        guard MsmtpSender.locate(environment: environment) != nil else {
            logger.warning("email is off: msmtp is not installed (apt-get install msmtp), so nothing is sent",
                           metadata: ["relay": "\(relay.description)"])
            return nil
        }
        return settings
    }

    /// Runs the mail loop until cancelled; the mailer is made once the database answers.
    static func run(settings: MailSettings, database: PostgresDatabase, environment: [String: String], logger: Logger) async {
        guard let relay = settings.relay, let msmtp = MsmtpSender.locate(environment: environment) else { return }
        let sender = MsmtpSender(relay: relay, executable: msmtp, heloDomain: settings.from.domain)
        var mailer: Mailer?
        while mailer == nil, !Task.isCancelled {
            do {
                mailer = try await Mailer.make(repository: database.mail, sender: sender, settings: settings, logger: logger)
            } catch {
                logger.debug("mail waits for the database", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(settings.pollInterval))
            }
        }
        guard let mailer else { return }
        logger.notice("email is on", metadata: ["relay": "\(relay.description)", "from": "\(settings.from.address)",
                                                "links": "\(settings.publicURL)", "per_hour": "\(settings.hourlyCap)"])
        await mailer.run()
    }
}
