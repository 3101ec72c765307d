/// Who is looking at a thread decides what of it appears.
public enum ThreadAudience: Sendable, Equatable {
    /// Visible comments only; a hidden or deleted comment with visible replies stays as a
    /// tombstone so the thread keeps its shape; one without them disappears.
    case readers
    /// Everything, every state, deleted comments included (moderators, `--all-states`).
    case moderators
}

/// Builds reply trees from flat comment rows (any order, any depth).
public enum ThreadAssembler {
    /// - Parameters:
    ///   - comments: every comment of the threads to build (the roots and all their replies).
    ///   - rootOrder: ids of top-level comments in page order; when nil, roots are sorted by `sort`.
    public static func assemble(_ comments: [Comment], rootOrder: [Int64]? = nil, sort: ThreadSort = .oldest,
                                audience: ThreadAudience = .readers) -> [ThreadNode] {
        var children: [Int64: [Comment]] = [:]
        var roots: [Comment] = []
        let known = Set(comments.map(\.id))
        for comment in comments {
            if let parent = comment.parentID, known.contains(parent) {
                children[parent, default: []].append(comment)
            } else if comment.parentID == nil {
                roots.append(comment)
            }
            // A reply whose parent is not among the rows belongs to no thread asked for.
        }

        if let rootOrder {
            let position = Dictionary(uniqueKeysWithValues: rootOrder.enumerated().map { ($1, $0) })
            roots = roots.filter { position[$0.id] != nil }.sorted { position[$0.id]! < position[$1.id]! }
        } else {
            roots.sort(by: sort.precedes)
        }

        return roots.compactMap { build($0, children: children, audience: audience) }
    }

    /// Builds one tree without recursion, so a reply chain of any depth is safe.
    private static func build(_ root: Comment, children: [Int64: [Comment]], audience: ThreadAudience) -> ThreadNode? {
        // Post-order walk: a node is finished once all its replies are.
        struct Frame {
            let comment: Comment
            let replies: [Comment]
            var next = 0
            var built: [ThreadNode] = []
        }
        func repliesOf(_ comment: Comment) -> [Comment] {
            (children[comment.id] ?? []).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
        var stack = [Frame(comment: root, replies: repliesOf(root))]
        var result: ThreadNode?
        while !stack.isEmpty {
            let top = stack.count - 1
            if stack[top].next < stack[top].replies.count {
                let child = stack[top].replies[stack[top].next]
                stack[top].next += 1
                stack.append(Frame(comment: child, replies: repliesOf(child)))
                continue
            }
            let frame = stack.removeLast()
            let node = finish(frame.comment, replies: frame.built, audience: audience)
            if stack.isEmpty {
                result = node
            } else if let node {
                stack[stack.count - 1].built.append(node)
            }
        }
        return result
    }

    private static func finish(_ comment: Comment, replies: [ThreadNode], audience: ThreadAudience) -> ThreadNode? {
        switch audience {
        case .moderators:
            return ThreadNode(comment: comment, isTombstone: false, replies: replies)
        case .readers:
            if comment.isShownToReaders {
                return ThreadNode(comment: comment, isTombstone: false, replies: replies)
            }
            if replies.isEmpty { return nil }
            // Readers learn nothing of a tombstone but that it was there.
            var hollow = comment
            hollow.body = ""
            hollow.censoredBody = nil
            hollow.authorName = ""
            hollow.authorID = 0
            return ThreadNode(comment: hollow, isTombstone: true, replies: replies)
        }
    }
}
