import Foundation
import ParleyCore

extension DisqusImporter.Reader {
    func finishThread(_ draft: DisqusImporter.Draft) throws(ImportError) {
        guard let id = ForeignText.nonEmpty(draft.dsqID) else {
            throw ImportError("the thread has no dsq:id attribute", at: draft.position("thread"))
        }
        guard threadArticle[id] == nil else { throw ImportError("dsq:id \(id) is used by an earlier thread", at: draft.position("thread")) }
        guard let key = ForeignText.articleKey(draft.fields["id"]) ?? ForeignText.articleKey(ForeignText.linkPath(draft.fields["link"])) else {
            throw ImportError("the thread has neither an <id> nor a <link> to make an article key of", at: draft.position("thread"))
        }
        guard key.count <= 300 else {
            throw ImportError("the article key \"\(key.prefix(40))…\" is longer than 300 characters", at: draft.position("thread"))
        }
        let publishedAt = try draft.date("createdAt", kind: "thread")
        if let first = articleByKey[key] {
            threadArticle[id] = first
            return
        }
        articleByKey[key] = id
        threadArticle[id] = id
        articles.append(ForeignArticle(sourceID: id, key: key, title: ForeignText.title(draft.fields["title"], fallback: key),
                                       url: ForeignText.nonEmpty(draft.fields["link"]), publishedAt: publishedAt))
    }

    func finishPost(_ draft: DisqusImporter.Draft) throws(ImportError) {
        let position = draft.position("post")
        guard let id = ForeignText.nonEmpty(draft.dsqID) else { throw ImportError("the post has no dsq:id attribute", at: position) }
        guard postIDs.insert(id).inserted else { throw ImportError("dsq:id \(id) is used by an earlier post", at: position) }
        guard let message = draft.fields["message"] else { throw ImportError("the post has no <message>", at: position) }
        guard let thread = draft.threadRef else { throw ImportError("the post has no <thread dsq:id=\"…\"/> reference", at: position) }
        guard let createdAt = try draft.date("createdAt", kind: "post") else { throw ImportError("the post has no <createdAt>", at: position) }
        let spam = ForeignText.flag(draft.fields["isSpam"])
        let name = ForeignText.nonEmpty(draft.fields["author.name"]) ?? draft.fields["author.username"]
        comments.append(ForeignComment(
            sourceID: id, articleSourceID: thread, parentSourceID: draft.parentRef,
            authorName: ForeignText.name(name), email: ForeignText.email(draft.fields["author.email"]),
            body: HTMLToText.convert(message), createdAt: createdAt,
            state: spam ? .spam : .published, deleted: ForeignText.flag(draft.fields["isDeleted"]),
            ip: ForeignText.ip(draft.fields["ipAddress"])))
    }

    func discussion() -> ForeignDiscussion {
        var kept: [ForeignComment] = []
        for var comment in comments {
            guard let article = threadArticle[comment.articleSourceID] else { continue }
            comment.articleSourceID = article
            kept.append(comment)
        }
        let threaded = ForeignThreading.resolve(kept, articles: Set(articles.map(\.sourceID)))
        return ForeignDiscussion(source: "disqus", articles: articles, comments: threaded)
    }
}
