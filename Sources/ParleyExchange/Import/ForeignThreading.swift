import ParleyCore

/// The last step of every importer: comments of unknown articles are dropped, a parent link
/// is kept only when the parent is in the file on the same article (the reply becomes
/// top-level otherwise), and comments come out parents first, in file order where possible.
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
            if let parentIndex = indexOf[parent], parentIndex != index,
               comments[parentIndex].articleSourceID == comments[index].articleSourceID {
                continue
            }
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
