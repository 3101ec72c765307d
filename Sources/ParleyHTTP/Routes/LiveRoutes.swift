import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore
import ParleyPostgres
import ServiceLifecycle

/// `GET /api/articles/{key}/events`: Server-Sent Events of an article (WEB.md "Live
/// events"). The stream subscribes first, then replays what the reader missed after
/// Last-Event-ID, then sends live frames, skipping those the replay already sent.
struct LiveRoutes {
    let services: ParleyServices
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// At most this many missed events are replayed; a reader further behind reloads.
    static let replayLimit = 1000

    func events(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let key = try context.parameters.require("key")
        let resumeAfter = try Self.resumePoint(request)
        guard let article = try await services.database.articles.find(key: key) else {
            throw APIError.from(ParleyError.articleNotFound(key))
        }
        let hub = services.live.hub
        let subscriber = hub.subscribe(articleID: article.id)
        var opening = LiveFrame.retry
        if let resumeAfter {
            let missed: [LiveEvent]
            do {
                missed = try await services.database.liveEvents.events(articleID: article.id, after: resumeAfter, limit: Self.replayLimit)
            } catch {
                hub.unsubscribe(subscriber)
                throw error
            }
            for (index, event) in missed.enumerated() {
                let frames = try LiveFrame.frames(for: event, render: services.render)
                // Only the newest count matters to a reader catching up.
                for frame in index == missed.count - 1 ? frames : Array(frames.dropLast()) {
                    var bytes = frame.bytes
                    opening.writeBuffer(&bytes)
                }
            }
            subscriber.skip(replayed: Set(missed.map(\.id)))
        }
        let channel = context.channel
        subscriber.whenOverflowing { channel.close(promise: nil) }
        channel.closeFuture.whenComplete { _ in hub.unsubscribe(subscriber) }

        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        let start = opening
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { hub.unsubscribe(subscriber) }
            // A server shutting down ends its streams (readers reconnect to another one)
            // instead of waiting for them, as it waits for ordinary requests.
            try await withGracefulShutdownHandler {
                try await writer.write(start)
                while let frames = await subscriber.next() {
                    try await writer.write(contentsOf: frames.map(\.bytes))
                }
            } onGracefulShutdown: {
                subscriber.close()
            }
            try await writer.finish(nil)
        })
    }

    /// The `Last-Event-ID` header, else `?last_event_id=` (EventSource cannot set headers).
    static func resumePoint(_ request: Request) throws -> Int64? {
        let text = request.headers[lastEventID] ?? request.uri.queryParameters["last_event_id"].map(String.init)
        guard let text, !text.isEmpty else { return nil }
        guard let id = Int64(text.trimmingCharacters(in: .whitespaces)), id >= 0 else {
            throw APIError(.badRequest, code: "invalid_last_event_id", "Last-Event-ID is the id of an event this stream sent.")
        }
        return id
    }
}
