import Testing
@testable import ParleyMail

@Suite struct SMTPRelayTests {
    @Test func urlsBecomeMsmtpArguments() throws {
        let plain = try SMTPRelay(url: "smtp://127.0.0.1:2525")
        #expect(plain == SMTPRelay(host: "127.0.0.1", port: 2525))
        #expect(plain.msmtpArguments(envelopeFrom: "c@news.example", heloDomain: "news.example", timeout: 30) == [
            "--host=127.0.0.1", "--port=2525", "--from=c@news.example", "--domain=news.example", "--timeout=30", "--tls=off", "--auth=off",
        ])
        #expect(try SMTPRelay(url: "smtp://relay.example").port == 25)
        let secure = try SMTPRelay(url: "smtps://mailer@relay.example")
        #expect(secure == SMTPRelay(host: "relay.example", port: 465, security: .tls, user: "mailer"))
        let arguments = secure.msmtpArguments(envelopeFrom: "c@news.example", heloDomain: "news.example", timeout: 30)
        #expect(arguments.contains("--tls-starttls=off") && arguments.contains("--auth=on") && arguments.contains("--user=mailer"))
        #expect(!arguments.joined().contains("PARLEY_SMTP_PASSWORD=") && arguments.contains { $0.hasPrefix("--passwordeval=") })
        #expect(try SMTPRelay(url: "smtp://relay.example:587?tls=starttls").security == .starttls)
        for bad in ["http://relay.example", "smtp://", "smtp://u:secret@relay.example", "smtp://relay.example?x=1", "relay.example:25",
                    "smtp://relay.example:0"] {
            #expect(throws: MailSettingsError.self, "\(bad)") { try SMTPRelay(url: bad) }
        }
    }

    @Test func withoutARelayNothingIsSent() throws {
        let settings = try MailSettings.from(environment: [:])
        #expect(settings.relay == nil)
        let configured = try MailSettings.from(environment: [
            "PARLEY_SMTP_URL": "smtp://127.0.0.1:25", "PARLEY_MAIL_FROM": "Kyiv Daily <c@news.example>", "PARLEY_MAIL_PER_HOUR": "4",
            "PARLEY_PUBLIC_URL": "https://comments.news.example", "PARLEY_QUEUE_ALERT": "0",
        ])
        #expect(configured.relay?.port == 25 && configured.from.name == "Kyiv Daily" && configured.hourlyCap == 4)
        #expect(configured.queueAlertThreshold == 0 && configured.publicURL == "https://comments.news.example")
        #expect(throws: MailSettingsError.self) { try MailSettings.from(environment: ["PARLEY_PUBLIC_URL": "ftp://x"]) }
        #expect(throws: MailSettingsError.self) { try MailSettings.from(environment: ["PARLEY_MAIL_FROM": "nobody"]) }
    }
}
