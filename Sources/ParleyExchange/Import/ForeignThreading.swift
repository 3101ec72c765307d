import ParleyCore

/// The last step of every importer: comments of unknown articles are dropped, a parent link
/// to a comment of another article is cut (the reply becomes top-level), and comments come
/// out parents first, in file order where possible. A link to a parent that is not in the
/// file stays: an earlier import may have brought it, and storage roots the reply otherwise.
enum ForeignThreading {
    static func resolve(_ input: [ForeignComment], articles: Set<String>) -> [ForeignComment] {
        var comments: [ForeignComment] = []
        var indexOf: [String: Int] = [:]
        for comment in input where articles.contains(comment.articleSourceID) && indexOf[comment.sourceID] == nil {
            indexOf[comment.sourceID] = comments.count
            comments.append(comment)
        }
        for index in comments.indices {
            guard let parent = comments[index].parentSourceID else { continue }
            guard let parentIndex = indexOf[parent] else { continue }
            if parentIndex != index, comments[parentIndex].articleSourceID == comments[index].articleSourceID { continue }
            comments[index].parentSourceID = nil
        }

        var deferred: [String: [Int]] = [:]
        var emitted = Array(repeating: false, count: comments.count)
        var ordered: [ForeignComment] = []
        ordered.reserveCapacity(comments.count)

        func emit(_ first: Int) {
            var stack = [first]
            while let index = stack.popLast() {
                emitted[index] = true
                ordered.append(comments[index])
                stack.append(contentsOf: (deferred.removeValue(forKey: comments[index].sourceID) ?? []).reversed())
            }
        }
        for index in comments.indices {
            if let parent = comments[index].parentSourceID, let parentIndex = indexOf[parent], !emitted[parentIndex] {
                deferred[parent, default: []].append(index)  // a reply before its parent waits for it
                continue
            }
            emit(index)
        }
        // What is left sits on a cycle of parent links: cut each cycle at its first comment.
        for index in comments.indices where !emitted[index] {
            if let parent = comments[index].parentSourceID { deferred[parent]?.removeAll { $0 == index } }
            comments[index].parentSourceID = nil
            emit(index)
        }
        return ordered
    }
}
