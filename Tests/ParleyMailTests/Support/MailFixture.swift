import Foundation
import Logging
import ParleyCore
import ParleyMail
import ParleyPostgres
import ParleyTestSupport

/// A migrated database with an article, an SMTP sink, and a mailer that sends to the sink
/// through msmtp, as `parley serve` does.
struct MailFixture {
    let test: TestDatabase
    let sink: SMTPSink
    let mailer: Mailer
    let discussion: Discussion
    let article: Article

    static let from = MailAddress(name: "Київ Daily", address: "comments@news.example")
    static let publicURL = "https://comments.news.example"

    static func make(hourlyCap: Int = 10, queueAlert: Int = 0, refuse: [String] = [], defer deferred: [String] = [],
                     articleMode: ModerationMode = .post) async throws -> MailFixture {
        let test = try await TestDatabase.make()
        let sink = try SMTPSink.start(refuse: refuse, defer: deferred)
        guard let msmtp = MsmtpSender.locate() else { throw SinkError("msmtp is not installed (apt-get install msmtp)") }
        let settings = MailSettings(relay: SMTPRelay(host: "127.0.0.1", port: sink.port), from: from, publicURL: publicURL,
                                    hourlyCap: hourlyCap, queueAlertThreshold: queueAlert, maxAttempts: 3)
        let sender = MsmtpSender(relay: SMTPRelay(host: "127.0.0.1", port: sink.port), executable: msmtp, heloDomain: "news.example",
                                 timeout: 10)
        let mailer = try await Mailer.make(repository: test.database.mail, sender: sender, settings: settings,
                                           logger: Logger(label: "mail-test"))
        let article = try await test.database.articles.create(NewArticle(
            key: "kyiv-1000-days", title: "Київ: тисяча днів <війни>", url: "https://news.example/kyiv-1000-days", tags: [],
            mode: articleMode))
        return MailFixture(test: test, sink: sink, mailer: mailer, discussion: test.discussion(), article: article)
    }

    func close() async {
        sink.stop()
        await test.close()
    }

    @discardableResult
    func post(_ name: String, _ body: String, email: String? = nil, notify: Bool = false, replyTo: Int64? = nil) async throws -> Comment {
        try await discussion.post(PostRequest(articleKey: article.key, authorName: name, email: email, body: body, parentID: replyTo,
                                              notify: notify)).comment
    }

    /// The statuses of the messages queued for a reply (by the database, when it became visible).
    func queued(for replyID: Int64) async throws -> [String] {
        try await test.database.run { connection in
            try connection.query("SELECT status FROM email_messages WHERE reason_key = 'reply:' || $1::int8 ORDER BY id", [replyID])
                .rows.map { try $0.decode(0) }
        }
    }

    /// A value of one row, for checks on the queue and the log.
    func scalar<T: PostgresDecodable & Sendable>(_ sql: String, _ parameters: [(any PostgresBindable)?] = [], as type: T.Type = T.self)
        async throws -> T? {
        try await test.database.run { connection in try connection.query(sql, parameters).first?.optional(0, as: T.self) }
    }
}
