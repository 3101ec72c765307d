import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// Reader routes for reading: thread pages and counts (cached for a moment, with ETags).
struct ReaderReads {
    let services: ParleyServices

    func thread(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let key = try context.parameters.require("key")
        let query = request.uri.queryParameters
        guard var sort = ThreadSort(rawValue: query["sort"].map(String.init) ?? "oldest") else {
            throw APIError(.badRequest, code: "invalid_sort", "sort is oldest, newest or top.")
        }
        var limit = 50
        if let text = query["limit"] {
            guard let value = Int(text), (1...500).contains(value) else {
                throw APIError(.badRequest, code: "invalid_limit", "limit is a number from 1 to 500.")
            }
            limit = value
        }
        let cursorText = query["cursor"].map(String.init)
        // A cursor continues the order it was made for (the document says so).
        let cursor = try cursorText.map { try ThreadCursor(token: $0) }
        if let cursor { sort = cursor.sort }
        let cacheKey = [key, sort.rawValue, String(limit), cursorText ?? ""].joined(separator: "\u{1F}")

        let services = self.services
        let pageSize = limit, order = sort
        let render: @Sendable () async throws -> (body: ByteBuffer, etag: String) = {
            let page = try await services.discussion.thread(ThreadRequest(articleKey: key, sort: order, limit: pageSize, cursor: cursor))
            let render = services.render
            let document = ThreadPageView(
                article: ArticleView(readerView: page.article),
                comments: page.threads.map { CommentView($0, renderHTML: render) },
                nextCursor: page.nextCursor?.token)
            var json = JSONWriter(capacity: document.estimatedJSONSize)
            document.write(to: &json)
            return (ByteBuffer(bytes: json.bytes), ETag.of(json.bytes))
        }
        // A read that must see a position (X-Parley-After) skips the cache, which a standby
        // may have filled before that write replayed.
        let entry = services.bypassesCache ? ResponseCache.Entry(render: try await render())
                                           : try await services.threadCache.value(cacheKey, render: render)
        var headers = HTTPFields()
        headers[.eTag] = entry.etag
        headers[.cacheControl] = "no-cache"
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == entry.etag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        return JSONBody.response(buffer: entry.body, headers: headers)
    }

    func counts(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        guard let list = request.uri.queryParameters["articles"], !list.isEmpty else {
            throw APIError(.badRequest, code: "missing_articles", "Give articles=a,b,c.")
        }
        let keys = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard (1...100).contains(keys.count) else {
            throw APIError(.badRequest, code: "too_many_articles", "Ask for 1 to 100 articles at a time.")
        }
        var (counts, missing) = services.bypassesCache ? ([:], keys) : services.countCache.get(keys)
        if !missing.isEmpty {
            let read = try await services.database.articles.visibleCounts(keys: missing)
            var fresh: [String: Int] = [:]
            for key in missing { fresh[key] = read[key] ?? 0 }
            services.countCache.put(fresh)
            counts.merge(fresh) { $1 }
        }
        var json = JSONWriter(capacity: 16 + counts.count * 40)
        json.object(counts)
        return JSONBody.response(bytes: json.bytes)
    }
}
