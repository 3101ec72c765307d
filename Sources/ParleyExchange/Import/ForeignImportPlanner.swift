import Foundation
import ParleyCore

/// Checks what an importer read against parley's own rules before storage sees it: keys,
/// titles, names and bodies made valid or refused with their position. Order and parent
/// links are the importers' (`ForeignThreading`).
struct ForeignImportPlanner {
    /// Imported comments may be longer than what readers can post today; this is a sanity cap.
    static let maxBodyLength = 100_000
    static let anonymous = "Anonymous"

    func plan(_ discussion: ForeignDiscussion) throws(ImportError) -> ForeignDiscussion {
        var planned = ForeignDiscussion(source: discussion.source)
        var articleIDs = Set<String>()
        for var article in discussion.articles where articleIDs.insert(article.sourceID).inserted {
            do {
                article.key = try TextRules.articleKey(article.key)
            } catch {
                throw ImportError("the thread's key \"\(article.key)\" cannot be an article key: \(Self.reason(error))",
                                  at: "thread \(article.sourceID)")
            }
            article.title = (try? TextRules.articleTitle(article.title)) ?? article.key
            article.url = article.url.flatMap { try? TextRules.url($0) }
            planned.articles.append(article)
        }
        var seen = Set<String>()
        var comments: [ForeignComment] = []
        comments.reserveCapacity(discussion.comments.count)
        for var comment in discussion.comments {
            guard seen.insert(comment.sourceID).inserted else {
                throw ImportError("the comment id appears twice", at: "comment \(comment.sourceID)")
            }
            guard articleIDs.contains(comment.articleSourceID) else {
                throw ImportError("the comment belongs to thread \(comment.articleSourceID), which is not in the file",
                                  at: "comment \(comment.sourceID)")
            }
            comment.authorName = (try? TextRules.personName(comment.authorName)) ?? Self.anonymous
            comment.email = comment.email.flatMap { try? TextRules.email($0) }
            comment.ip = comment.ip.flatMap { try? TextRules.ipAddress($0) }
            do {
                comment.body = try TextRules.commentBody(comment.body, maxLength: Self.maxBodyLength)
            } catch {
                guard comment.deleted, comment.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw ImportError(Self.reason(error), at: "comment \(comment.sourceID)")
                }
                comment.body = "[deleted]"
            }
            comments.append(comment)
        }
        planned.comments = comments
        return planned
    }

    static func reason(_ error: any Error) -> String {
        let message = (error as? ParleyError)?.message ?? "\(error)"
        return message.hasSuffix(".") ? String(message.dropLast()) : message
    }
}
