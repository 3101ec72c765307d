import Foundation
import ParleyCore
import ParleyModeration

/// Builds moderation inputs for rule tests.
struct Sample {
    var body: String
    var trust: TrustLevel? = .regular
    var approved = 5
    var rejected = 0
    var accountAge: TimeInterval = 30 * 86_400
    var authorName = "Reader"
    var email: String?
    var tags: [String] = []
    var mode: ModerationMode = .post
    var articleAge: TimeInterval = 3600
    var ip: String?
    var facts = ModerationFacts.none
    var editing: Int64?
    var banned = false

    init(_ body: String) {
        self.body = body
    }

    var input: ModerationInput {
        let now = Date()
        let author = trust.map {
            Author(id: 1, name: authorName, email: email, trust: $0, approvedCount: approved, rejectedCount: rejected,
                   bannedUntil: banned ? now.addingTimeInterval(3600) : nil,
                   firstSeenAt: now.addingTimeInterval(-accountAge), lastSeenAt: now)
        }
        let article = Article(id: 1, key: "story", title: "Story", tags: tags, mode: mode,
                              publishedAt: now.addingTimeInterval(-articleAge), createdAt: now)
        return ModerationInput(body: body, article: article, author: author, authorName: authorName, email: email,
                               ip: ip, editing: editing, facts: facts, now: now)
    }
}

extension CompiledRuleset {
    func decide(_ sample: Sample) -> ModerationDecision {
        decide(sample.input, decidedBy: "test")
    }

    static func rules(_ yaml: String) throws -> CompiledRuleset {
        try CompiledRuleset.compile("version: 1\n" + yaml)
    }
}

/// The contract's example ruleset: the shared file when it is beside the repository, else
/// the repository's copy (tests check that both equal parley's built-in default).
enum ExampleRules {
    static var repositoryRoot: URL {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { folder.deleteLastPathComponent() }
        return folder
    }

    static var sharedFile: String? {
        try? String(contentsOf: repositoryRoot.appendingPathComponent("../shared/examples/rules.yaml").standardized, encoding: .utf8)
    }

    static var repositoryCopy: String? {
        try? String(contentsOf: repositoryRoot.appendingPathComponent("scripts/demo/rules.yaml"), encoding: .utf8)
    }

    static var source: String { sharedFile ?? repositoryCopy ?? DefaultRuleset.source }
}
