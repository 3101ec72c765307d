import Foundation
import ParleyCore

extension WordPressImporter.Reader {
    func finishComment(_ draft: WordPressImporter.Draft) throws(ImportError) -> ForeignComment? {
        let itemNote = item.map { " in <item> #\($0.ordinal)" } ?? ""
        var position = "<wp:comment> #\(draft.ordinal)\(itemNote), line \(draft.line)"
        guard let id = draft["wp:comment_id"] else { throw ImportError("the comment has no <wp:comment_id>", at: position) }
        position = "<wp:comment> #\(draft.ordinal) (wp:comment_id \(id))\(itemNote), line \(draft.line)"
        guard commentIDs.insert(id).inserted else { throw ImportError("wp:comment_id \(id) is used by an earlier comment", at: position) }
        let type = draft["wp:comment_type"]?.lowercased() ?? "comment"
        guard type == "comment" else { return nil }

        var field = "wp:comment_date_gmt"
        if draft[field] == nil || draft[field]?.hasPrefix("0000-00-00") == true { field = "wp:comment_date" }
        guard let rawDate = draft[field] else { throw ImportError("the comment has no <wp:comment_date_gmt>", at: position) }
        guard let createdAt = ForeignTimestamp.parse(rawDate) else {
            throw ImportError("\(field) \"\(rawDate)\" is not a date (2024-11-19 06:40:00 expected)", at: position)
        }
        let state: CommentState = switch draft["wp:comment_approved"]?.lowercased() {
        case "1", "approve", "approved": .published
        case "spam": .spam
        case "trash", "post-trashed": .rejected
        default: .pending
        }
        let parent = draft["wp:comment_parent"].flatMap { $0 == "0" ? nil : $0 }
        return ForeignComment(
            sourceID: id, articleSourceID: "", parentSourceID: parent,
            authorName: ForeignText.name(draft.fields["wp:comment_author"], decodingEntities: true),
            email: ForeignText.email(draft.fields["wp:comment_author_email"]),
            body: HTMLToText.convert(draft.fields["wp:comment_content"] ?? "", newlinesAreBreaks: true),
            createdAt: createdAt, state: state, ip: ForeignText.ip(draft.fields["wp:comment_author_IP"]))
    }

    func finishItem(_ draft: WordPressImporter.Draft) throws(ImportError) {
        let position = "<item> #\(draft.ordinal), line \(draft.line)"
        guard let id = draft["wp:post_id"] else { throw ImportError("the item has no <wp:post_id>", at: position) }
        guard postIDs.insert(id).inserted else { throw ImportError("wp:post_id \(id) is used by an earlier item", at: position) }
        let type = draft["wp:post_type"] ?? "post"
        guard !draft.comments.isEmpty || (["post", "page"].contains(type) && draft["wp:status"] == "publish") else { return }
        guard let key = ForeignText.articleKey(draft["wp:post_name"]) ?? ForeignText.articleKey(ForeignText.linkPath(draft["link"])) else {
            throw ImportError("post \(id) has neither a <wp:post_name> nor a <link> to make an article key of", at: position)
        }
        guard key.count <= 300 else { throw ImportError("the article key of post \(id) is longer than 300 characters", at: position) }
        var publishedAt: Date?
        if let raw = draft["wp:post_date_gmt"], !raw.hasPrefix("0000-00-00") {
            guard let date = ForeignTimestamp.parse(raw) else {
                throw ImportError("wp:post_date_gmt \"\(raw)\" is not a date (2024-11-19 06:40:00 expected)", at: position)
            }
            publishedAt = date
        }
        let title = ForeignText.title(HTMLEntities.decode(draft.fields["title"] ?? ""), fallback: key)
        articles.append(ForeignArticle(sourceID: id, key: key, title: title, url: draft["link"], publishedAt: publishedAt))
        for var comment in draft.comments {
            comment.articleSourceID = id
            comments.append(comment)
        }
    }

    func discussion() throws(ImportError) -> ForeignDiscussion {
        guard sawWordPress else {
            throw ImportError("This RSS file has no WordPress elements (namespace http://wordpress.org/export/1.2/): it is not a WXR export.")
        }
        let threaded = ForeignThreading.resolve(comments, articles: Set(articles.map(\.sourceID)))
        return ForeignDiscussion(source: "wordpress", articles: articles, comments: threaded)
    }
}
