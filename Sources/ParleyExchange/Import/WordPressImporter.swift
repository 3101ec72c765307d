import Foundation
import ParleyCore

/// Reads a WordPress eXtended RSS export (WXR 1.0 to 1.2): `<rss><channel><item>`, each item a
/// post with its `<wp:comment>`s.
///
/// - An item is an article when it has comments, or is a published post or page: key from
///   `wp:post_name` (the slug), else the path of `<link>`; source id `wp:post_id`.
/// - Comments of type "" or "comment" are kept; pingbacks, trackbacks and plugin types (order
///   notes, …) are skipped. `wp:comment_approved` 1 → published, 0 → pending, spam → spam,
///   trash and post-trashed → rejected, anything else → pending.
/// - Times are `wp:comment_date_gmt` as UTC (`wp:comment_date` when the GMT one is zero).
/// - Bodies are HTML whose newlines count (WordPress turns them into <br> and <p>).
/// - Author names and titles are stored HTML-escaped by WordPress: entities are decoded.
public struct WordPressImporter: ForeignImporter {
    public init() {}

    public func read(file path: String) throws(ImportError) -> ForeignDiscussion {
        try ImportFile.check(path)
        let reader = Reader()
        try ImportXMLReader.read(path, into: reader)
        return try reader.discussion()
    }

    /// http://wordpress.org/export/1.2/, and the 1.1 and 1.0 that came before it.
    static func isWordPress(_ namespace: String?) -> Bool {
        namespace?.hasPrefix("http://wordpress.org/export/") == true
    }
}

extension WordPressImporter {
    struct Draft {
        var ordinal: Int
        var line: Int
        var fields: [String: String] = [:]
        var comments: [ForeignComment] = []

        subscript(_ field: String) -> String? { ForeignText.nonEmpty(fields[field]) }
    }

    final class Reader: XMLImportHandler {
        var articles: [ForeignArticle] = []
        var comments: [ForeignComment] = []
        var postIDs: Set<String> = []
        var commentIDs: Set<String> = []
        var itemCount = 0
        var commentCount = 0
        var item: Draft?
        var comment: Draft?
        var sawWordPress = false

        func start(_ path: [XMLElementStart]) throws(ImportError) {
            let element = path[path.count - 1]
            if WordPressImporter.isWordPress(element.namespace) { sawWordPress = true }
            switch (path.count, element.name) {
            case (1, "rss"): break
            case (1, let root):
                let hint = root == "disqus" ? " It looks like a Disqus export: import it as disqus." : ""
                throw ImportError("This is not a WordPress export: the root element is <\(root)>, not <rss>.\(hint)",
                                  at: "line \(element.line)")
            case (3, "item") where path[1].name == "channel":
                itemCount += 1
                item = Draft(ordinal: itemCount, line: element.line)
            case (4, "comment") where item != nil && WordPressImporter.isWordPress(element.namespace):
                commentCount += 1
                comment = Draft(ordinal: commentCount, line: element.line)
            default: break
            }
        }

        func end(_ path: [XMLElementStart], text: String) throws(ImportError) {
            let element = path[path.count - 1]
            let isWordPress = WordPressImporter.isWordPress(element.namespace)
            switch path.count {
            case 3 where element.name == "item" && item != nil:
                if let draft = item { try finishItem(draft) }
                item = nil
            case 4 where element.name == "comment" && isWordPress && comment != nil:
                if let draft = comment, let kept = try finishComment(draft) { item?.comments.append(kept) }
                comment = nil
            case 4 where element.namespace == nil: item?.fields[element.name] = text
            case 4 where isWordPress: item?.fields["wp:" + element.name] = text
            case 5 where isWordPress && comment != nil: comment?.fields["wp:" + element.name] = text
            default: break
            }
        }
    }
}
