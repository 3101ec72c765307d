import Foundation
import ParleyCore

/// Reads a Disqus XML export: root `<disqus>` (namespace http://disqus.com), `<category>`s,
/// then `<thread dsq:id>`s and `<post dsq:id>`s, the ids in http://disqus.com/disqus-internals.
///
/// - A thread is an article: key from its `<id>` (the site's disqus_identifier), else the
///   path of its `<link>`; threads sharing a key are merged into the first one.
/// - A post is a comment: `<message>` HTML to plain text, `isSpam` → spam, `isDeleted` → a
///   tombstone (published, `deleted`); posts of unknown threads are dropped.
/// - The author's `<name>` is kept even when `<isAnonymous>` is true (a guest who gave a name);
///   the `<username>` stands in for an empty name, "Anonymous" for neither.
public struct DisqusImporter: ForeignImporter {
    public init() {}

    public func read(file path: String) throws(ImportError) -> ForeignDiscussion {
        try ImportFile.check(path)
        let reader = Reader()
        try ImportXMLReader.read(path, into: reader)
        return reader.discussion()
    }
}

extension DisqusImporter {
    /// An element being read: its ordinal among its kind, where it started, its fields.
    struct Draft {
        var ordinal: Int
        var line: Int
        var dsqID: String?
        var fields: [String: String] = [:]
        var threadRef: String?
        var parentRef: String?

        func position(_ kind: String) -> String {
            "<\(kind)> #\(ordinal)\(dsqID.map { " (dsq:id \($0))" } ?? ""), line \(line)"
        }

        func date(_ field: String, kind: String) throws(ImportError) -> Date? {
            guard let raw = fields[field], !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            guard let date = ForeignTimestamp.parse(raw) else {
                throw ImportError("\(field) \"\(raw)\" is not a date (2024-11-19T06:40:00Z expected)", at: position(kind))
            }
            return date
        }
    }

    final class Reader: XMLImportHandler {
        var articles: [ForeignArticle] = []
        var comments: [ForeignComment] = []
        /// Thread dsq:id → the dsq:id of the article it was merged into (itself when first).
        var threadArticle: [String: String] = [:]
        var articleByKey: [String: String] = [:]
        var postIDs: Set<String> = []
        var threadCount = 0
        var postCount = 0
        var thread: Draft?
        var post: Draft?

        func start(_ path: [XMLElementStart]) throws(ImportError) {
            let element = path[path.count - 1]
            switch (path.count, element.name) {
            case (1, "disqus"): break
            case (1, let root):
                let hint = root == "rss" ? " It looks like a WordPress (WXR) export: import it as wordpress." : ""
                throw ImportError("This is not a Disqus export: the root element is <\(root)>, not <disqus>.\(hint)",
                                  at: "line \(element.line)")
            case (2, "thread"):
                threadCount += 1
                thread = Draft(ordinal: threadCount, line: element.line, dsqID: element.attribute("id"))
            case (2, "post"):
                postCount += 1
                post = Draft(ordinal: postCount, line: element.line, dsqID: element.attribute("id"))
            case (3, "thread") where post != nil: post?.threadRef = ForeignText.nonEmpty(element.attribute("id"))
            case (3, "parent") where post != nil: post?.parentRef = ForeignText.nonEmpty(element.attribute("id"))
            default: break
            }
        }

        func end(_ path: [XMLElementStart], text: String) throws(ImportError) {
            let name = path[path.count - 1].name
            switch path.count {
            case 2 where name == "thread":
                if let draft = thread { try finishThread(draft) }
                thread = nil
            case 2 where name == "post":
                if let draft = post { try finishPost(draft) }
                post = nil
            case 3:
                thread?.fields[name] = text
                post?.fields[name] = text
            case 4 where path[2].name == "author": post?.fields["author." + name] = text
            default: break
            }
        }
    }
}
