import Foundation

/// Group commit of posts. One batch is committed at a time; posts that arrive meanwhile wait
/// and go together in the next one: one read of the facts they need, decisions in arrival
/// order (each seeing the ones before it in its batch), one statement and one commit for all,
/// then each post's own outcome back to its caller. Nothing is answered before the commit
/// that holds it.
public actor PostCommitter {
    public struct Statistics: Sendable, Equatable {
        public var batches = 0
        public var posts = 0
        public var largestBatch = 0
    }

    private struct Waiting {
        var post: PendingPost
        var continuation: CheckedContinuation<PostResult, any Error>
    }

    let comments: any CommentRepository
    let moderation: any ModerationPolicy
    let settings: DiscussionSettings
    /// The most posts one statement carries.
    let maxBatch: Int
    private var queue: [Waiting] = []
    private var committing = false
    public private(set) var statistics = Statistics()

    public init(comments: any CommentRepository, moderation: any ModerationPolicy, settings: DiscussionSettings, maxBatch: Int = 256) {
        self.comments = comments
        self.moderation = moderation
        self.settings = settings
        self.maxBatch = maxBatch
    }

    /// Posts waiting for the commit in flight to end.
    public var waiting: Int { queue.count }

    func commit(_ post: PendingPost) async throws -> PostResult {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(Waiting(post: post, continuation: continuation))
            if !committing {
                committing = true
                Task { await self.drain() }
            }
        }
    }

    /// The same steps for one post, beside any batch (group commit off).
    nonisolated func commitAlone(_ post: PendingPost) async throws -> PostResult {
        try await commitBatch([post])[0].get()
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = nextBatch()
            let outcomes = await commitBatch(batch.map(\.post))
            statistics.batches += 1
            statistics.posts += batch.count
            statistics.largestBatch = max(statistics.largestBatch, batch.count)
            for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(with: outcome) }
        }
        committing = false
    }

    /// The oldest waiting posts, except a second post with an Idempotency-Key already in the
    /// batch: it waits for the next one, where it finds the first one's answer.
    private func nextBatch() -> [Waiting] {
        var batch: [Waiting] = []
        var rest: [Waiting] = []
        var keys: Set<String> = []
        for waiting in queue {
            if batch.count < maxBatch, waiting.post.once.map({ keys.insert($0.key.lookup).inserted }) ?? true {
                batch.append(waiting)
            } else {
                rest.append(waiting)
            }
        }
        queue = rest
        return batch
    }
}
