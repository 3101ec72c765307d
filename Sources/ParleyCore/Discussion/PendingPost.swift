import Foundation

/// A validated post waiting for its batch's commit: what the request said and what was read
/// about its article and parent. Moderation decides it when the batch is committed, with the
/// facts as they stand then (see `PostCommitter`).
struct PendingPost: Sendable {
    var request: PostRequest
    var article: Article
    var parent: Comment?
    var name: String
    var authorKey: String
    var email: String?
    var ip: String?
    var body: String
    var facts: FactRequest
    var once: Once<PostResult>?

    /// Who the post counts against in flood rules: the signed-in reader, or the anonymous
    /// author of that name key.
    var authorIdentity: String {
        if let identity = request.identity { return "sso:\(identity.site)\u{0}\(identity.subject)" }
        return "name:\(authorKey)"
    }

    var contextRequest: BatchPostContextRequest {
        BatchPostContextRequest(authorKey: authorKey, identity: request.identity, facts: facts)
    }
}

/// What a batch of posts needs from storage when it is about to be committed.
public struct BatchPostContextRequest: Sendable {
    public var authorKey: String
    public var identity: ReaderIdentity?
    public var facts: FactRequest

    public init(authorKey: String, identity: ReaderIdentity?, facts: FactRequest) {
        self.authorKey = authorKey
        self.identity = identity
        self.facts = facts
    }
}

/// Storage's answer for a batch, one entry per post in order: the facts it asked for, its
/// author's record (nil for a first-time commenter) and the id its comment will have.
public struct BatchPostContext: Sendable {
    public var facts: [ModerationFacts]
    public var authors: [Author?]
    public var ids: [Int64]

    public init(facts: [ModerationFacts], authors: [Author?], ids: [Int64]) {
        self.facts = facts
        self.authors = authors
        self.ids = ids
    }
}
