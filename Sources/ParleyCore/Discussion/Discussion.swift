import Foundation

/// Threads of comments under articles: posting, editing, deleting, reporting, voting and
/// reading, with every new or edited comment passing through the moderation policy.
public struct Discussion: Sendable {
    public let articles: any ArticleRepository
    public let comments: any CommentRepository
    public let moderation: any ModerationPolicy
    public let settings: DiscussionSettings

    public init(articles: any ArticleRepository, comments: any CommentRepository, moderation: any ModerationPolicy,
                settings: DiscussionSettings = DiscussionSettings()) {
        self.articles = articles
        self.comments = comments
        self.moderation = moderation
        self.settings = settings
    }

    // MARK: Posting

    /// With `once`, the answer to the request is stored with the comment in one statement
    /// and handed back in `PostResult.answer`; a retry with the same key gets the first
    /// answer as `AnsweredBefore`, and nothing new is stored.
    public func post(_ request: PostRequest, once: Once<PostResult>? = nil) async throws -> PostResult {
        let key = try TextRules.articleKey(request.articleKey)
        let name = try TextRules.personName(request.identity?.name ?? request.authorName)
        let email = try (request.identity.map { $0.email } ?? request.email).map(TextRules.email)
        let ip = try request.ip.map(TextRules.ipAddress)
        let body = try TextRules.commentBody(request.body, maxLength: settings.maxBodyLength)
        let authorKey = TextRules.nameKey(name)

        let factRequest = moderation.factRequest(body: body, ip: ip)
        let context = try await comments.postingContext(articleKey: key, parentID: request.parentID, authorKey: authorKey,
                                                        identity: request.identity, facts: factRequest, idempotency: once?.key)
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

        let createdAt = request.createdAt ?? (once == nil ? nil : Self.answerableNow())
        let input = ModerationInput(body: body, article: article, author: context.author, authorName: name,
                                    email: email, ip: ip, parent: context.parent, facts: context.facts,
                                    now: createdAt ?? Date())
        let decision = try await decide(input)
        var draft = CommentDraft(
            articleID: article.id, parentID: request.parentID, authorName: name, authorKey: authorKey, email: email,
            body: body, ip: ip, editTokenHash: request.editTokenHash, decision: decision,
            trustPromotionThreshold: settings.trustPromotionThreshold, createdAt: createdAt,
            fingerprint: factRequest.fingerprint, identity: request.identity)
        if decision.state != .rejected { draft.html = CommentRendering.html(decision.censoredBody ?? body) }
        var answer: StoredAnswer?
        if let once, let id = context.reservedID, let createdAt {
            // The answer is written before the comment exists, from exactly what the insert stores.
            let expected = Comment(
                id: id, articleID: article.id, parentID: request.parentID, rootID: context.parent?.rootID ?? id,
                depth: context.parent.map { $0.depth + 1 } ?? 0, authorID: context.author?.id ?? 0, authorName: name,
                body: body, censoredBody: decision.censoredBody, state: decision.state, createdAt: createdAt,
                authorVerified: request.identity != nil, html: draft.html)
            answer = try once.answer(PostResult(comment: expected, decision: decision))
            draft.id = id
            draft.kept = answer.map { KeptAnswer(key: once.key, answer: $0) }
        }
        let comment = try await comments.insert(draft)
        return PostResult(comment: comment, decision: decision, answer: answer)
    }

    /// Now, at PostgreSQL's precision (microseconds) and never on a millisecond boundary, so
    /// the time an answer shows before the comment is stored (to the millisecond, truncated)
    /// is the one every later read shows.
    static func answerableNow() -> Date {
        var micros = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
        if micros % 1000 == 0 { micros += 1 }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// Banned authors are refused before any rule runs; everyone else goes to the policy.
    func decide(_ input: ModerationInput) async throws -> ModerationDecision {
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
