import Foundation
import NIOCore
@testable import ParleyHTTP
import Synchronization
import Testing

/// The in-process fan-out: the same bytes to every subscriber, bounded queues, cleanup.
@Suite struct LiveHubTests {
    func frame(_ id: Int64, _ text: String = "x") -> LiveFrame {
        LiveFrame.event("comment", id: id, json: Array(#"{"id":\#(id),"body":"\#(text)"}"#.utf8))
    }

    func address(_ buffer: ByteBuffer) -> UInt? {
        buffer.withUnsafeReadableBytes { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    @Test func everySubscriberGetsTheSameBytesAndOnlyItsArticle() async throws {
        let hub = LiveHub()
        let watchers = (0..<200).map { _ in hub.subscribe(articleID: 1) }
        let elsewhere = hub.subscribe(articleID: 2)
        #expect(hub.subscriberCount == 201)
        let published = [frame(7, "hello"), LiveFrame.event("count", id: 7, json: Array(#"{"count":1}"#.utf8))]
        #expect(hub.publish(articleID: 1, frames: published) == 200)
        for watcher in watchers {
            let got = try #require(await watcher.next())
            #expect(got.map(\.bytes) == published.map(\.bytes))
            // Not copies: every subscriber holds the one encoded buffer.
            #expect(got.map { address($0.bytes) } == published.map { address($0.bytes) })
        }
        #expect(String(buffer: published[0].bytes) == "id: 7\nevent: comment\ndata: {\"id\":7,\"body\":\"hello\"}\n\n")
        hub.unsubscribe(elsewhere)
        #expect(await elsewhere.next() == nil, "nothing of article 1 reached article 2")
        for watcher in watchers { hub.unsubscribe(watcher) }
        #expect(hub.subscriberCount == 0)
        #expect(!hub.hasSubscribers(articleID: 1))
        #expect(hub.publish(articleID: 1, frames: published) == 0)
    }

    @Test func aWaitingWriterWakesAndAClosedOneEnds() async throws {
        let hub = LiveHub()
        let subscriber = hub.subscribe(articleID: 1)
        async let received = subscriber.next()
        try await Task.sleep(for: .milliseconds(50))
        hub.publish(articleID: 1, frames: [frame(1)])
        #expect(await received?.map(\.eventID) == [1])
        async let ended = subscriber.next()
        try await Task.sleep(for: .milliseconds(50))
        hub.unsubscribe(subscriber)
        #expect(await ended == nil)
        #expect(hub.subscriberCount == 0)
    }

    @Test func aSubscriberThatFallsBehindIsDisconnected() async throws {
        let hub = LiveHub()
        let slow = hub.subscribe(articleID: 1), fast = hub.subscribe(articleID: 1)
        let overflowed = Atomic<Int>(0)
        slow.whenOverflowing { overflowed.add(1, ordering: .relaxed) }
        for id in 1...Int64(LiveSubscriber.capacity) {
            hub.publish(articleID: 1, frames: [frame(id)])
            if id % 8 == 0 { _ = await fast.next() }
        }
        #expect(hub.subscriberCount == 2, "a full queue is still fine")
        hub.publish(articleID: 1, frames: [frame(999)])
        #expect(overflowed.load(ordering: .relaxed) == 1)
        #expect(hub.subscriberCount == 1, "the slow one is gone, the fast one stays")
        #expect(await slow.next() == nil, "its writer ends the stream; the reader resumes with Last-Event-ID")
        #expect(await fast.next()?.map(\.eventID) == [999])
    }

    @Test func replayedEventsAreNotSentTwice() async throws {
        let hub = LiveHub()
        let subscriber = hub.subscribe(articleID: 1)
        hub.publish(articleID: 1, frames: [frame(5)])   // arrived live while the backlog was read
        subscriber.skip(replayed: [5, 6])
        hub.publish(articleID: 1, frames: [frame(6)])   // still in flight when the backlog was read
        hub.publish(articleID: 1, frames: [LiveFrame.keepAlive, frame(7)])
        #expect(await subscriber.next()?.map(\.eventID) == [0, 7])
    }

    @Test func keepAliveGoesToEveryone() async throws {
        let hub = LiveHub()
        let a = hub.subscribe(articleID: 1), b = hub.subscribe(articleID: 2)
        #expect(hub.broadcast(.keepAlive) == 2)
        #expect(await a.next()?.map { String(buffer: $0.bytes) } == [": keep-alive\n\n"])
        #expect(await b.next()?.count == 1)
    }

    @Test func cursorRemembersHandledIDs() {
        var cursor = LiveCursor()
        let first = cursor.note(10), again = cursor.note(10), older = cursor.note(9)
        #expect(first && !again && older)
        #expect(cursor.highest == 10)
        for id in 100..<Int64(100 + LiveCursor.remembered) { _ = cursor.note(id) }
        let forgotten = cursor.note(10)
        #expect(forgotten, "old ids are forgotten, memory stays bounded")
    }
}
