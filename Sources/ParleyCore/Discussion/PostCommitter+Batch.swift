import Foundation

extension PostCommitter {
    /// Decides and stores one batch; one outcome per post, in order.
    nonisolated func commitBatch(_ posts: [PendingPost]) async -> [Result<PostResult, any Error>] {
        let retry = UnavailableRetry(window: settings.unavailableRetry)
        let context: BatchPostContext
        do {
            let requests = posts.map(\.contextRequest)
            context = try await retry.run { try await comments.batchContext(requests) }
        } catch {
            return posts.map { _ in .failure(error) }
        }
        var tally = BatchTally()
        var outcomes: [Result<PostResult, any Error>?] = Array(repeating: nil, count: posts.count)
        var drafts: [CommentDraft] = []
        var drafted: [(index: Int, decision: ModerationDecision, answer: StoredAnswer?)] = []
        let now = Date()
        for (index, post) in posts.enumerated() {
            do {
                let createdAt = post.request.createdAt ?? (post.once == nil ? nil : Discussion.answerableNow())
                var facts = context.facts[index]
                var author = context.authors[index]
                tally.adjust(&facts, author: &author, for: post, now: createdAt ?? now,
                             trustPromotionThreshold: settings.trustPromotionThreshold)
                let input = ModerationInput(body: post.body, article: post.article, author: author, authorName: post.name,
                                            email: post.email, ip: post.ip, parent: post.parent, facts: facts,
                                            now: createdAt ?? now)
                let decision = try await Discussion.decide(input, policy: moderation)
                let (draft, answer) = try Self.draft(post, id: context.ids[index], author: author, decision: decision,
                                                     createdAt: createdAt, settings: settings)
                drafts.append(draft)
                drafted.append((index, decision, answer))
                tally.record(post, state: decision.state, at: createdAt ?? now)
            } catch {
                outcomes[index] = .failure(error)
            }
        }
        if !drafts.isEmpty {
            let stored = await store(drafts, retry: retry)
            for (entry, result) in zip(drafted, stored) {
                outcomes[entry.index] = result.map { PostResult(comment: $0, decision: entry.decision, answer: entry.answer) }
            }
        }
        return outcomes.map { $0 ?? .failure(ParleyError.invalid("The post was not stored.", code: "not_stored")) }
    }

    /// Stores the drafts; when the database goes away meanwhile, the statement may or may not
    /// have committed. Each draft's id was reserved before, so once the database answers again
    /// the ones stored are found by id and only the others go again, until the deadline.
    nonisolated func store(_ drafts: [CommentDraft], retry: UnavailableRetry) async -> [Result<Comment, any Error>] {
        var outcomes: [Result<Comment, any Error>?] = Array(repeating: nil, count: drafts.count)
        var pending = Array(drafts.indices)
        var attempt = 0
        while !pending.isEmpty {
            do {
                let stored = try await comments.insertBatch(pending.map { drafts[$0] })
                for (index, result) in zip(pending, stored) { outcomes[index] = result }
                pending = []
            } catch let error as ParleyError where error.kind == .unavailable {
                var found: [Int] = []
                while await retry.pause(attempt) {
                    attempt += 1
                    do {
                        for index in pending {
                            if let id = drafts[index].id, let comment = try await comments.find(id: id) {
                                outcomes[index] = .success(comment)
                                found.append(index)
                            }
                        }
                        break
                    } catch let again as ParleyError where again.kind == .unavailable {
                        continue
                    } catch {
                        break
                    }
                }
                guard ContinuousClock.now < retry.deadline else {
                    for index in pending where outcomes[index] == nil { outcomes[index] = .failure(error) }
                    break
                }
                pending.removeAll { found.contains($0) }
            } catch {
                for index in pending { outcomes[index] = .failure(error) }
                pending = []
            }
        }
        return outcomes.map { $0 ?? .failure(ParleyError.unavailable("The database did not come back in time.")) }
    }

    /// The comment to store, and with an Idempotency-Key the answer to keep with it, written
    /// before the comment exists from exactly what the insert stores.
    static func draft(_ post: PendingPost, id: Int64, author: Author?, decision: ModerationDecision, createdAt: Date?,
                      settings: DiscussionSettings) throws -> (CommentDraft, StoredAnswer?) {
        let request = post.request
        var draft = CommentDraft(
            articleID: post.article.id, parentID: request.parentID, authorName: post.name, authorKey: post.authorKey,
            email: post.email, body: post.body, ip: post.ip, editTokenHash: request.editTokenHash, decision: decision,
            trustPromotionThreshold: settings.trustPromotionThreshold, createdAt: createdAt,
            fingerprint: post.facts.fingerprint, identity: request.identity)
        draft.id = id
        if request.notify { draft.notifyEmail = post.email }
        if decision.state != .rejected { draft.html = CommentRendering.html(decision.censoredBody ?? post.body) }
        guard let once = post.once, let createdAt else { return (draft, nil) }
        let expected = Comment(
            id: id, articleID: post.article.id, parentID: request.parentID, rootID: post.parent?.rootID ?? id,
            depth: post.parent.map { $0.depth + 1 } ?? 0, authorID: author?.id ?? 0, authorName: post.name,
            body: post.body, censoredBody: decision.censoredBody, state: decision.state, createdAt: createdAt,
            authorVerified: request.identity != nil, html: draft.html)
        let answer = try once.answer(PostResult(comment: expected, decision: decision))
        draft.kept = answer.map { KeptAnswer(key: once.key, answer: $0) }
        return (draft, answer)
    }
}
