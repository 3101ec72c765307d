import Foundation
import NIOCore
import ParleyCore

/// One Server-Sent Events message, encoded once and shared (a ByteBuffer is copy-on-write,
/// so every subscriber of an article writes the very same bytes).
public struct LiveFrame: Sendable {
    /// The live event it belongs to; 0 for frames outside the event sequence (keep-alive).
    public let eventID: Int64
    public let bytes: ByteBuffer

    public init(eventID: Int64, bytes: ByteBuffer) {
        self.eventID = eventID
        self.bytes = bytes
    }

    /// `event:` with one `data:` line of JSON (parley's JSON has no raw newlines).
    static func event(_ name: String, id: Int64, json: [UInt8]) -> LiveFrame {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(json.count + name.utf8.count + 40)
        buffer.writeString("id: \(id)\nevent: \(name)\ndata: ")
        buffer.writeBytes(json)
        buffer.writeString("\n\n")
        return LiveFrame(eventID: id, bytes: buffer)
    }

    static let keepAlive = LiveFrame(eventID: 0, bytes: ByteBuffer(string: ": keep-alive\n\n"))
    static let retry = ByteBuffer(string: "retry: 2000\n\n")

    /// The frames of one event: the comment (or its removal), then the article's count.
    static func frames(for event: LiveEvent, render: @escaping @Sendable (String) -> String) throws -> [LiveFrame] {
        var frames: [LiveFrame] = []
        if event.showsComment, let comment = event.comment {
            var view = CommentView(ThreadNode(comment: comment), renderHTML: render)
            view.omitsReplies = true
            frames.append(.event("comment", id: event.id, json: view.jsonBytes()))
        } else {
            frames.append(.event("removed", id: event.id, json: Array(#"{"id":\#(event.commentID)}"#.utf8)))
        }
        frames.append(.event("count", id: event.id, json: Array(#"{"count":\#(event.visibleCount)}"#.utf8)))
        return frames
    }
}
