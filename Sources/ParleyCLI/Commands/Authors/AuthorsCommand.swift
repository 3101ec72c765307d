import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct AuthorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authors",
        abstract: "Look up commenters; ban, unban, trust and untrust them.",
        subcommands: [AuthorsList.self, AuthorsShow.self, AuthorsBan.self, AuthorsUnban.self, AuthorsTrust.self, AuthorsUntrust.self]
    )
}

/// An author as JSON shows it.
struct AuthorView: Encodable {
    var name: String
    var verified: Bool
    var email: String?
    var trust: String
    var comments: Int
    var approvedComments: Int
    var rejectedComments: Int
    var spamComments: Int
    var bannedUntil: String?
    var banReason: String?
    var firstSeenAt: Date
    var lastSeenAt: Date

    init(_ author: Author) {
        name = author.name
        verified = author.verified
        email = author.email
        trust = author.trust.rawValue
        comments = author.commentCount
        approvedComments = author.approvedCount
        rejectedComments = author.rejectedCount
        spamComments = author.spamCount
        if author.isBanned() {
            bannedUntil = author.bannedUntil == .distantFuture ? "forever" : author.bannedUntil.map(ParleyJSON.rfc3339)
            banReason = author.banReason
        }
        firstSeenAt = author.firstSeenAt
        lastSeenAt = author.lastSeenAt
    }

    enum CodingKeys: String, CodingKey {
        case name, email, trust, comments
        case approvedComments = "approved_comments"
        case rejectedComments = "rejected_comments"
        case spamComments = "spam_comments"
        case bannedUntil = "banned_until"
        case banReason = "ban_reason"
        case firstSeenAt = "first_seen_at"
        case lastSeenAt = "last_seen_at"
    }
}

struct AuthorsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List authors, most recently active first.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Only authors banned now.") var banned = false
    @Option(help: "Only authors of this trust level.") var trust: TrustLevel?
    @Option(help: "Only names containing this.") var name: String?
    @Option(help: "At most this many.") var limit = 50

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let authors = try await context.database.desk.authors(AuthorFilter(bannedOnly: banned, trust: trust, nameContains: name),
                                                                  limit: max(1, limit))
            if output.json || output.jsonl {
                try JSONOutput.printList(authors.map(AuthorView.init), lines: output.jsonl)
                return
            }
            let table = TextTable(columns: ["NAME", "TRUST", "COMMENTS", "APPROVED", "REJECTED", "SPAM", "BANNED", "LAST SEEN"])
            print(table.render(authors.map { author in
                let ban = author.isBanned() ? (author.bannedUntil == .distantFuture ? "forever" : "until " + ParleyJSON.rfc3339(author.bannedUntil!)) : ""
                return [author.name, author.trust.rawValue, String(author.commentCount), String(author.approvedCount),
                        String(author.rejectedCount), String(author.spamCount), ban, RelativeTime.describe(author.lastSeenAt)]
            }, width: Terminal.standardOutput.width))
        }
    }
}

struct AuthorsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an author's record and recent history.")
    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("json"), help: "Print as JSON.") var json = false
    @Argument(help: "The author's name.") var name: String

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            guard let author = try await context.database.authors.find(name: name) else { throw ParleyError.authorNotFound(name) }
            if json {
                try JSONOutput.print(AuthorView(author))
                return
            }
            let style = Style(enabled: Terminal.standardOutput.usesColor)
            print(QueueRenderer(width: Terminal.standardOutput.width, style: style).authorLine(author))
            print("comments:   \(author.commentCount) (\(author.approvedCount) visible, \(author.rejectedCount) rejected, \(author.spamCount) spam)")
            print("first seen: \(ParleyJSON.rfc3339(author.firstSeenAt)); last seen \(RelativeTime.describe(author.lastSeenAt))")
            if let email = author.email { print("email:      \(email)") }
            let queued = try await context.desk.queue(QueueFilter(view: .all, authorName: author.name), limit: 5)
            if queued.total > 0 { print("in the queue: \(queued.total) (parley queue --author \"\(author.name)\")") }
        }
    }
}

struct AuthorsBan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ban", abstract: "Ban an author: new comments are rejected with the reason until the ban ends.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The author's name.") var name: String
    @Option(name: .customLong("for"), help: "How long (e.g. 24h, 7d, 2w); without it, for good.") var duration: String?
    @Option(help: "Why (shown to the author when a comment is refused).") var reason: String?
    @Flag(help: "Also reject the author's pending comments.") var purge = false

    func run() async throws {
        let until: Date
        if let duration {
            guard let seconds = DurationParsing.seconds(duration), seconds > 0 else {
                throw ParleyError.invalid("--for takes a duration such as 24h, 7d or 2w.", code: "invalid_duration")
            }
            until = Date().addingTimeInterval(Double(seconds))
        } else {
            until = .distantFuture
        }
        try await CommandContext.with(global, connections: 1) { context in
            let (author, purged) = try await context.desk.ban(author: name, until: until, reason: reason,
                                                              moderator: context.operatorName(moderator.moderator), purge: purge)
            let span = until == .distantFuture ? "for good" : "until \(ParleyJSON.rfc3339(until))"
            print("Banned \(author.name) \(span).\(purge ? " Rejected \(purged) pending comment\(purged == 1 ? "" : "s")." : "")")
        }
    }
}

struct AuthorsUnban: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unban", abstract: "Lift an author's ban.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The author's name.") var name: String

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let author = try await context.desk.unban(author: name, moderator: context.operatorName(moderator.moderator))
            print("\(author.name) may comment again.")
        }
    }
}

struct AuthorsTrust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trust", abstract: "Mark an author as trusted.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The author's name.") var name: String

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let author = try await context.desk.trust(author: name, moderator: context.operatorName(moderator.moderator))
            print("\(author.name) is trusted.")
        }
    }
}

struct AuthorsUntrust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "untrust", abstract: "Take trust back: the author becomes regular (or new, without enough approved comments).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var moderator: ModeratorOptions
    @Argument(help: "The author's name.") var name: String

    func run() async throws {
        try await CommandContext.with(global, connections: 1) { context in
            let author = try await context.desk.untrust(author: name, moderator: context.operatorName(moderator.moderator))
            print("\(author.name) is \(author.trust.rawValue) now.")
        }
    }
}
