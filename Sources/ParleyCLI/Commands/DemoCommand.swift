import ArgumentParser
import Foundation
import ParleyCore
import ParleyPostgres

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the demo article and its discussion (once; loading again changes nothing).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await CommandContext.with(global, connections: 2) { context in
            if let existing = try await context.database.articles.find(key: DemoDiscussion.articleKey) {
                print("The demo article \(existing.key) is already loaded (\(existing.totalCount) comments).")
                return
            }
            let now = Date()
            _ = try await context.database.articles.create(NewArticle(
                key: DemoDiscussion.articleKey, title: DemoDiscussion.title, url: DemoDiscussion.url,
                tags: DemoDiscussion.tags, mode: .post,
                publishedAt: now.addingTimeInterval(-DemoDiscussion.publishedHoursAgo * 3600)))
            let discussion = try await context.moderatedDiscussion()
            var ids: [String: Int64] = [:]
            var states: [CommentState: Int] = [:]
            for (index, entry) in DemoDiscussion.entries.enumerated() {
                let result = try await discussion.post(PostRequest(
                    articleKey: DemoDiscussion.articleKey, authorName: entry.author, body: entry.body,
                    parentID: entry.replyTo.flatMap { ids[$0] },
                    ip: "198.51.100.\(10 + index % 200)",
                    createdAt: now.addingTimeInterval(-entry.minutesAgo * 60)))
                ids[entry.label] = result.comment.id
                states[result.comment.state, default: 0] += 1
                guard result.comment.state.isVisible else { continue }
                for voter in DemoDiscussion.voters.prefix(abs(entry.votes)) {
                    _ = try await context.discussion.vote(id: result.comment.id, value: entry.votes > 0 ? 1 : -1, voter: voter)
                }
            }
            let summary = states.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
            print("Loaded the demo article \(DemoDiscussion.articleKey) with \(ids.count) comments (\(summary.joined(separator: ", "))).")
        }
    }
}
