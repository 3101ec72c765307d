import Foundation

/// The posts decided earlier in the same batch, which storage cannot count yet: a flood or
/// duplicate rule, or an author's counts and trust, see them as if they were committed.
struct BatchTally {
    private struct Earlier {
        var authorIdentity: String
        var ip: String?
        var fingerprint: String?
        var state: CommentState
        var at: Date
    }

    private var earlier: [Earlier] = []

    /// Adds the earlier posts of this batch to what storage counted for `post`.
    func adjust(_ facts: inout ModerationFacts, author: inout Author?, for post: PendingPost, now: Date,
                trustPromotionThreshold: Int) {
        for previous in earlier {
            let age = now.timeIntervalSince(previous.at)
            let sameAuthor = previous.authorIdentity == post.authorIdentity
            if sameAuthor { Self.count(&facts.authorComments, age: age) }
            if let ip = post.ip, previous.ip == ip { Self.count(&facts.ipComments, age: age) }
            if let fingerprint = post.facts.fingerprint, previous.fingerprint == fingerprint { Self.count(&facts.duplicates, age: age) }
            guard sameAuthor else { continue }
            var record = author ?? Author(id: 0, name: post.name, email: post.email, firstSeenAt: previous.at, lastSeenAt: previous.at,
                                          verified: post.request.identity != nil)
            record.commentCount += 1
            if previous.state.isVisible { record.approvedCount += 1 }
            if previous.state == .rejected { record.rejectedCount += 1 }
            if previous.state == .spam { record.spamCount += 1 }
            if record.trust == .new, record.approvedCount >= trustPromotionThreshold { record.trust = .regular }
            author = record
        }
    }

    mutating func record(_ post: PendingPost, state: CommentState, at: Date) {
        earlier.append(Earlier(authorIdentity: post.authorIdentity, ip: post.ip, fingerprint: post.facts.fingerprint,
                               state: state, at: at))
    }

    /// One more comment in every asked window that reaches back to it.
    private static func count(_ windows: inout [Int: Int], age: TimeInterval) {
        for (window, count) in windows where age < Double(window) {
            windows[window] = count + 1
        }
    }
}
