import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// Reader routes that write: posting (idempotent), editing and deleting with the edit token,
/// reports and votes. Each accepts a signed-in reader's `Authorization: Bearer <JWT>`.
struct ReaderWrites {
    let services: ParleyServices

    struct NewComment: Codable {
        struct AuthorPart: Codable {
            var name: String
            var email: String?
        }
        var parentId: Int64?
        /// Required from anonymous readers; ignored when the reader signed in.
        var author: AuthorPart?
        var body: String
        /// Mail the author when someone replies (needs author.email, or a signed-in reader's email).
        var notify: Bool?
    }

    struct Posted: Encodable {
        var comment: CommentView
        var state: String
        var editToken: String
        /// Why a held comment waits (the rule's reason); nil when published.
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case comment, state, reason
            case editToken = "edit_token"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(comment, forKey: .comment)
            try container.encode(state, forKey: .state)
            try container.encode(editToken, forKey: .editToken)
            try container.encode(reason, forKey: .reason)
        }
    }

    func post(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let key = try context.parameters.require("key")
        let reader = try await services.signIn.reader(of: request)
        var (input, _) = try await JSONBody.read(NewComment.self, from: request, limit: services.configuration.bodyLimit)
        if reader != nil { input.author = nil }
        guard let name = reader?.name ?? input.author?.name else {
            if let article = try? await services.database.articles.find(key: key), article.signIn == .required {
                throw APIError.from(ParleyError.signInRequired(article.key))
            }
            throw APIError(.unauthorized, code: "author_required", "Give author.name, or sign in.", headers: [.wwwAuthenticate: "Bearer"])
        }
        let address = RateLimitMiddleware.clientAddress(request, context: context, trustForwardedFor: services.configuration.trustForwardedFor)
        let authorLimitKey = reader?.key ?? TextRules.nameKey(name)
        if let wait = services.limiter.check("a:" + authorLimitKey, perMinute: services.configuration.commentsPerMinutePerAuthor) {
            throw APIError(.tooManyRequests, code: "rate_limited", "This author is commenting too fast; retry in \(wait) s.",
                           details: ["retry_after": String(wait)], headers: APIError.retryAfter(wait))
        }
        let scope = "post:" + key + (reader.map { "\u{1F}" + $0.key } ?? "")
        let idempotency = try Idempotency.key(request, scope: scope, input: input)
        return try await Idempotency.respond {
            let editToken = Secret.generate(prefix: "et_")
            let ip = (try? TextRules.ipAddress(address)) ?? nil
            let render = services.render
            let once = idempotency.map { Once<PostResult>(key: $0) { try Self.answer($0, editToken: editToken, render: render) } }
            let result = try await services.discussion.post(PostRequest(
                articleKey: key, authorName: name, email: input.author?.email, body: input.body,
                parentID: input.parentId, ip: ip, editTokenHash: Secret.hash(editToken), identity: reader,
                notify: input.notify ?? false), once: once)
            services.metrics.record(result.decision)
            services.invalidate(articleKey: key)
            return try result.answer ?? Self.answer(result, editToken: editToken, render: render)
        }
    }

    /// 201 with the comment, or 422 with the rule's reason when the rules rejected it (the
    /// rejected comment is stored for the desk, so this answer is kept like any other).
    static func answer(_ result: PostResult, editToken: String, render: @escaping @Sendable (String) -> String) throws -> StoredAnswer {
        if result.comment.state == .rejected {
            return try Idempotency.answer(rejection(result.decision))
        }
        let state = result.comment.state.isVisible ? "published" : "pending"
        let reason = state == "pending" ? result.decision.reason ?? "The comment waits for a moderator." : nil
        let document = Posted(comment: CommentView(ThreadNode(comment: result.comment), renderHTML: render), state: state,
                              editToken: editToken, reason: reason)
        return StoredAnswer(status: Int(HTTPResponse.Status.created.code), body: document.jsonBytes(capacity: 2048))
    }

    static func rejection(_ decision: ModerationDecision) -> APIError {
        APIError(.unprocessableContent, code: "rejected", decision.reason ?? "The comment was refused.",
                 details: ["rule": decision.firedRules.first { $0.action == .reject }?.name ?? ""])
    }

    struct Edit: Decodable {
        var body: String
    }

    func edit(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let id = try commentID(context)
        let reader = try await services.signIn.reader(of: request)
        let (input, _) = try await JSONBody.read(Edit.self, from: request, limit: services.configuration.bodyLimit)
        let editing = try await authorize(request, id: id)
        try requireSignIn(editing.article, reader: reader)
        let result = try await services.discussion.edit(id: id, body: input.body, editor: Actor(.author, editing.author.name))
        services.metrics.record(result.decision)
        // A rejected edit changed nothing readers see: the comment stays as it was.
        if result.decision.state == .rejected { throw Self.rejection(result.decision) }
        services.invalidate(articleKey: editing.article.key)
        let state = result.comment.state.isVisible ? "published" : "pending"
        let reason = state == "pending" ? result.decision.reason ?? "The comment waits for a moderator." : nil
        return try JSONBody.response(Edited(comment: CommentView(ThreadNode(comment: result.comment), renderHTML: services.render),
                                            state: state, reason: reason))
    }

    struct Edited: Encodable {
        var comment: CommentView
        var state: String
        /// Why the edited comment waits; nil when it is published.
        var reason: String?

        enum CodingKeys: String, CodingKey { case comment, state, reason }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(comment, forKey: .comment)
            try container.encode(state, forKey: .state)
            try container.encode(reason, forKey: .reason)
        }
    }

    func delete(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let id = try commentID(context)
        let reader = try await services.signIn.reader(of: request)
        let editing = try await authorize(request, id: id)
        try requireSignIn(editing.article, reader: reader)
        _ = try await services.discussion.delete(id: id, actor: Actor(.author, editing.author.name))
        services.invalidate(articleKey: editing.article.key)
        return Response(status: .noContent)
    }

    /// The edit token must be the one handed out with the comment, within the edit window.
    func authorize(_ request: Request, id: Int64) async throws -> EditingContext {
        guard let token = request.headers[.editToken], !token.isEmpty else {
            throw APIError(.unauthorized, code: "edit_token_missing", "Send the comment's edit token in X-Edit-Token.")
        }
        guard let editing = try await services.database.comments.editingContext(id: id, facts: FactRequest()) else {
            throw APIError.from(ParleyError.commentNotFound(id))
        }
        guard let stored = editing.editTokenHash, Secret.equal(stored, Secret.hash(token)) else {
            throw APIError(.forbidden, code: "edit_token_invalid", "The edit token does not belong to this comment.")
        }
        let age = Date().timeIntervalSince(editing.comment.createdAt)
        guard age <= Double(services.configuration.editWindow) else {
            throw APIError(.conflict, code: "edit_window_over",
                           "Comments can be changed for \(services.configuration.editWindow / 60) minutes after posting; that time is over.")
        }
        return editing
    }

    struct Report: Codable {
        var reason: String
        var reporter: String?
    }

    func report(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let id = try commentID(context)
        let (input, _) = try await JSONBody.read(Report.self, from: request, limit: services.configuration.bodyLimit)
        let reader = try await signedInWrite(request, commentID: id)
        let address = RateLimitMiddleware.clientAddress(request, context: context, trustForwardedFor: services.configuration.trustForwardedFor)
        let scope = "report:\(id)" + (reader.map { "\u{1F}" + $0.key } ?? "")
        let idempotency = try Idempotency.key(request, scope: scope, input: input)
        return try await Idempotency.respond {
            let received = try Idempotency.answer(["status": "received"], status: .accepted)
            let outcome = try await services.discussion.report(
                id: id, reason: input.reason, reporter: input.reporter, ip: (try? TextRules.ipAddress(address)) ?? nil,
                identity: reader, once: idempotency.map { key in Once(key: key) { _ in received } })
            if outcome.hidden, let comment = try await services.database.comments.find(id: id),
               let article = try await services.database.articles.key(id: comment.articleID) {
                services.invalidate(articleKey: article)
            }
            return received
        }
    }

    struct Vote: Codable {
        var value: Int
        /// Required from anonymous readers; a signed-in reader votes as themselves.
        var voter: String?
    }

    func vote(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let id = try commentID(context)
        let (input, _) = try await JSONBody.read(Vote.self, from: request, limit: services.configuration.bodyLimit)
        let reader = try await signedInWrite(request, commentID: id)
        guard let voter = reader?.name ?? input.voter else {
            throw APIError(.unauthorized, code: "voter_required", "Give a voter, or sign in.", headers: [.wwwAuthenticate: "Bearer"])
        }
        let scope = "vote:\(id)" + (reader.map { "\u{1F}" + $0.key } ?? "")
        let idempotency = try Idempotency.key(request, scope: scope, input: input)
        let answer: @Sendable (Int) throws -> StoredAnswer = { try Idempotency.answer(["id": id, "score": Int64($0)]) }
        return try await Idempotency.respond {
            let score = try await services.discussion.vote(id: id, value: input.value, voter: voter, identity: reader,
                                                           once: idempotency.map { Once(key: $0, answer: answer) })
            if let comment = try await services.database.comments.find(id: id),
               let article = try await services.database.articles.key(id: comment.articleID) {
                services.invalidate(articleKey: article)
            }
            return try answer(score)
        }
    }

    func commentID(_ context: ParleyRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0 else {
            throw APIError(.badRequest, code: "invalid_id", "A comment id is a positive whole number.")
        }
        return id
    }
}

/// Heterogeneous dictionary values for small responses.
struct AnyEncodable: Encodable {
    let encodeValue: (any Encoder) throws -> Void

    init<T: Encodable>(_ value: T) {
        encodeValue = value.encode
    }

    func encode(to encoder: any Encoder) throws {
        try encodeValue(encoder)
    }
}
