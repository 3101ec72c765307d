import Foundation
import Testing
@testable import ParleyCore

@Suite struct ThreadAssemblerTests {
    static let base = Date(timeIntervalSince1970: 1_732_000_000)

    func comment(_ id: Int64, parent: Int64? = nil, root: Int64? = nil, minute: Double, state: CommentState = .published,
                 deleted: Bool = false, score: Int = 0) -> Comment {
        Comment(id: id, articleID: 1, parentID: parent, rootID: root ?? id, depth: parent == nil ? 0 : 1, authorID: id,
                authorName: "author\(id)", body: "body \(id)", state: state, score: score, deleted: deleted,
                createdAt: Self.base.addingTimeInterval(minute * 60))
    }

    @Test func buildsNestedTreesWithRepliesOldestFirst() {
        let rows = [
            comment(1, minute: 0),
            comment(5, parent: 1, root: 1, minute: 5),
            comment(3, parent: 1, root: 1, minute: 3),
            comment(4, parent: 3, root: 1, minute: 4),
            comment(2, minute: 1),
        ]
        let threads = ThreadAssembler.assemble(rows.shuffled(), sort: .oldest)
        #expect(threads.map(\.comment.id) == [1, 2])
        #expect(threads[0].replies.map(\.comment.id) == [3, 5])
        #expect(threads[0].replies[0].replies.map(\.comment.id) == [4])
        #expect(threads[0].count == 4)
    }

    @Test func ordersTopLevelByEachSort() {
        let rows = [comment(1, minute: 0, score: 2), comment(2, minute: 1, score: 9), comment(3, minute: 2, score: 2)]
        #expect(ThreadAssembler.assemble(rows, sort: .oldest).map(\.comment.id) == [1, 2, 3])
        #expect(ThreadAssembler.assemble(rows, sort: .newest).map(\.comment.id) == [3, 2, 1])
        #expect(ThreadAssembler.assemble(rows, sort: .top).map(\.comment.id) == [2, 1, 3])
    }

    @Test func keepsTheGivenPageOrder() {
        let rows = [comment(1, minute: 0), comment(2, minute: 1), comment(3, minute: 2)]
        #expect(ThreadAssembler.assemble(rows, rootOrder: [3, 1]).map(\.comment.id) == [3, 1])
    }

    @Test func deletedCommentWithVisibleRepliesBecomesATombstone() {
        let rows = [comment(1, minute: 0, deleted: true), comment(2, parent: 1, root: 1, minute: 1)]
        let threads = ThreadAssembler.assemble(rows)
        #expect(threads.count == 1)
        #expect(threads[0].isTombstone)
        #expect(threads[0].comment.body.isEmpty)
        #expect(threads[0].comment.authorName.isEmpty)
        #expect(threads[0].replies.map(\.comment.id) == [2])
    }

    @Test func deletedOrHiddenCommentsWithoutVisibleRepliesDisappear() {
        let rows = [
            comment(1, minute: 0, deleted: true),
            comment(2, minute: 1, state: .pending),
            comment(3, parent: 2, root: 2, minute: 2, state: .rejected),
            comment(4, minute: 3),
        ]
        #expect(ThreadAssembler.assemble(rows).map(\.comment.id) == [4])
    }

    @Test func moderatorsSeeEverything() {
        let rows = [comment(1, minute: 0, deleted: true), comment(2, minute: 1, state: .spam)]
        let threads = ThreadAssembler.assemble(rows, audience: .moderators)
        #expect(threads.map(\.comment.id) == [1, 2])
        #expect(threads.allSatisfy { !$0.isTombstone })
        #expect(threads[0].comment.body == "body 1")
    }

    @Test func tombstonesChainThroughSeveralHiddenLevels() {
        let rows = [
            comment(1, minute: 0, state: .rejected),
            comment(2, parent: 1, root: 1, minute: 1, deleted: true),
            comment(3, parent: 2, root: 1, minute: 2),
        ]
        let threads = ThreadAssembler.assemble(rows)
        #expect(threads[0].isTombstone && threads[0].replies[0].isTombstone)
        #expect(threads[0].replies[0].replies[0].comment.id == 3)
    }

    @Test func handlesAReplyChainDeeperThanTheStackLikes() {
        var rows = [comment(1, minute: 0)]
        for id in Int64(2)...20_000 {
            rows.append(comment(id, parent: id - 1, root: 1, minute: Double(id)))
        }
        let threads = ThreadAssembler.assemble(rows)
        #expect(threads.count == 1)
        #expect(threads[0].count == 20_000)
    }
}
