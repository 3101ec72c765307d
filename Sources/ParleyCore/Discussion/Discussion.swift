import Foundation

/// Threads of comments under articles: posting, editing, deleting, reporting, voting and
/// reading, with every new or edited comment passing through the moderation policy.
public struct Discussion: Sendable {
    public let articles: any ArticleRepository
    public let comments: any CommentRepository
    public let moderation: any ModerationPolicy
    public let settings: DiscussionSettings
    /// Commits posts in batches; shared by every copy of this discussion.
    public let committer: PostCommitter

    public init(articles: any ArticleRepository, comments: any CommentRepository, moderation: any ModerationPolicy,
                settings: DiscussionSettings = DiscussionSettings()) {
        self.articles = articles
        self.comments = comments
        self.moderation = moderation
        self.settings = settings
        committer = PostCommitter(comments: comments, moderation: moderation, settings: settings)
    }

    // MARK: Posting

    /// With `once`, the answer to the request is stored with the comment in one statement
    /// and handed back in `PostResult.answer`; a retry with the same key gets the first
    /// answer as `AnsweredBefore`, and nothing new is stored.
    ///
    /// What can be checked alone is checked here; moderation decides when the post's batch
    /// is committed (`PostCommitter`), with the facts that count earlier comments read then.
    public func post(_ request: PostRequest, once: Once<PostResult>? = nil) async throws -> PostResult {
        let key = try TextRules.articleKey(request.articleKey)
        let name = try TextRules.personName(request.identity?.name ?? request.authorName)
        let email = try (request.identity.map { $0.email } ?? request.email).map(TextRules.email)
        if request.notify, email == nil {
            // Well-formed JSON the service cannot act on: 422, like a refusal (API.md's error shape).
            throw ParleyError(.rejected, code: "notify_needs_email",
                              "Reply notifications need an email address: give one with the comment, or leave notify off.")
        }
        let ip = try request.ip.map(TextRules.ipAddress)
        let body = try TextRules.commentBody(request.body, maxLength: settings.maxBodyLength)
        let authorKey = TextRules.nameKey(name)

        let comments = self.comments
        let context = try await UnavailableRetry(window: settings.unavailableRetry).run {
            try await comments.postingContext(articleKey: key, parentID: request.parentID, authorKey: authorKey,
                                              identity: request.identity, facts: FactRequest(), idempotency: once?.key)
        }
        if let previous = context.answeredBefore { throw previous }
        guard let article = context.article else { throw ParleyError.articleNotFound(key) }
        if request.identity == nil {
            guard article.signIn == .optional else { throw ParleyError.signInRequired(key) }
            guard !context.nameTaken else { throw ParleyError.nameTaken(name) }
        }
        guard article.status == .open else { throw ParleyError.articleClosed(key) }
        if let parentID = request.parentID {
            guard let parent = context.parent else { throw ParleyError.parentNotFound(parentID) }
            guard parent.articleID == article.id else { throw ParleyError.parentInOtherArticle(parentID, article: key) }
        }
        let pending = PendingPost(
            request: request, article: article, parent: context.parent, name: name, authorKey: authorKey, email: email,
            ip: ip, body: body, facts: moderation.factRequest(body: body, ip: ip), once: once)
        return try await settings.groupCommit ? committer.commit(pending) : committer.commitAlone(pending)
    }

    /// Now, at PostgreSQL's precision (microseconds) and never on a millisecond boundary, so
    /// the time an answer shows before the comment is stored (to the millisecond, truncated)
    /// is the one every later read shows.
    static func answerableNow() -> Date {
        var micros = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
        if micros % 1000 == 0 { micros += 1 }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    func decide(_ input: ModerationInput) async throws -> ModerationDecision {
        try await Self.decide(input, policy: moderation)
    }

    /// Banned authors are refused before any rule runs; everyone else goes to the policy.
    static func decide(_ input: ModerationInput, policy moderation: any ModerationPolicy) async throws -> ModerationDecision {
        if let author = input.author, author.isBanned() {
            var reason = "You are banned from commenting"
            if let until = author.bannedUntil, until < Date.distantFuture {
                reason += " until \(until.formatted(.iso8601))"
            }
            if let banReason = author.banReason, !banReason.isEmpty { reason += ": \(banReason)" }
            return ModerationDecision(
                action: .reject, firedRules: [FiredRule(name: "banned-author", action: .reject, reason: reason)],
                decidedBy: "ban", reason: reason + ".")
        }
        return try await moderation.decide(input)
    }

    // MARK: Editing and deleting

    /// Replaces a comment's text, keeping the previous one in its history. The new text is
    /// moderated again; an edit never makes a hidden comment visible without a moderator. A
    /// rejected edit changes nothing readers see: the comment stays as it was, the refused
    /// text goes to its history, and the result carries the rejection (`decision.state`).
    public func edit(id: Int64, body rawBody: String, editor: Actor) async throws -> PostResult {
        let body = try TextRules.commentBody(rawBody, maxLength: settings.maxBodyLength)
        let factRequest = moderation.factRequest(body: body, ip: nil)
        guard let context = try await comments.editingContext(id: id, facts: factRequest) else { throw ParleyError.commentNotFound(id) }
        guard !context.comment.deleted else {
            throw ParleyError(.conflict, code: "comment_deleted", "The comment \(id) was deleted and can no longer be edited.")
        }
        guard context.comment.body != body else {
            return PostResult(comment: context.comment, decision: ModerationDecision(action: .approve, decidedBy: "unchanged"))
        }
        let input = ModerationInput(body: body, article: context.article, author: context.author,
                                    authorName: context.author.name, email: context.author.email, editing: id,
                                    facts: context.facts)
        let decision = try await decide(input)
        let state = decision.state == .rejected ? .rejected : Self.stateAfterEdit(current: context.comment.state, decided: decision.state)
        let comment = try await comments.applyEdit(CommentEdit(
            commentID: id, expectedVersion: context.version, body: body, state: state, decision: decision, editor: editor,
            fingerprint: factRequest.fingerprint,
            html: state == .rejected ? nil : CommentRendering.html(decision.censoredBody ?? body)))
        return PostResult(comment: comment, decision: decision)
    }

    /// The stricter of the current state and the new decision: an edit can hide a comment,
    /// never un-hide one.
    static func stateAfterEdit(current: CommentState, decided: CommentState) -> CommentState {
        current.stricter(than: decided)
    }

    public func delete(id: Int64, actor: Actor) async throws -> Comment {
        try await comments.delete(id: id, actor: actor)
    }

    // MARK: Reports and votes

    public func report(id: Int64, reason rawReason: String, reporter rawReporter: String?, ip: String? = nil,
                       identity: ReaderIdentity? = nil, once: Once<ReportOutcome>? = nil) async throws -> ReportOutcome {
        let reason = try TextRules.reason(rawReason)
        let reporter = try (identity?.name ?? rawReporter).map { try TextRules.personName($0, role: "reporter") }
        let reporterKey: String
        if let identity {
            reporterKey = identity.key
        } else if let reporter {
            reporterKey = "name:" + TextRules.nameKey(reporter)
        } else if let ip {
            reporterKey = "ip:" + (try TextRules.ipAddress(ip))
        } else {
            reporterKey = "anonymous"
        }
        return try await comments.report(id: id, reporterKey: reporterKey, reporter: reporter, reason: reason,
                                         threshold: settings.reportThreshold, once: once)
    }

    public func vote(id: Int64, value: Int, voter rawVoter: String, identity: ReaderIdentity? = nil,
                     once: Once<Int>? = nil) async throws -> Int {
        guard value == 1 || value == -1 else {
            throw ParleyError.invalid("A vote is up (1) or down (-1).", code: "invalid_vote")
        }
        let voter = try TextRules.personName(identity?.name ?? rawVoter, role: "voter")
        return try await comments.vote(id: id, voterKey: identity?.key ?? TextRules.nameKey(voter), voter: voter, value: value,
                                        once: once)
    }

    // MARK: Reading

    public func thread(_ request: ThreadRequest) async throws -> ThreadPage {
        var request = request
        request.articleKey = try TextRules.articleKey(request.articleKey)
        if let limit = request.limit, !(1...500).contains(limit) {
            throw ParleyError.invalid("A page holds 1 to 500 top-level comments.", code: "invalid_limit")
        }
        let rows = try await comments.thread(request)
        let threads = ThreadAssembler.assemble(rows.comments, rootOrder: rows.rootOrder, sort: request.sort,
                                               audience: request.audience)
        var next: ThreadCursor?
        if rows.hasMore, let lastRoot = rows.rootOrder?.last,
           let root = rows.comments.first(where: { $0.id == lastRoot }) {
            next = ThreadCursor(after: root, sort: request.sort)
        }
        return ThreadPage(article: rows.article, threads: threads, nextCursor: next)
    }
}
