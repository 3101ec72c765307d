import Foundation
import ParleyCore

/// Random views for the writer's equality tests, each optional member present or absent.
extension JSONFuzz {
    public mutating func comment(depth: Int = 0) -> CommentView {
        let record = Comment(id: id(), articleID: 1, parentID: maybe { $0.id() }, rootID: 1, depth: 0, authorID: 1,
                             authorName: string(), body: string(maximum: 60), censoredBody: maybe { $0.string(maximum: 60) },
                             state: CommentState.allCases.randomElement(using: &self)!, createdAt: date(),
                             authorVerified: Bool.random(using: &self))
        let node = ThreadNode(comment: record, isTombstone: Int.random(in: 0..<4, using: &self) == 0)
        let render: (@Sendable (String) -> String)? = Bool.random(using: &self) ? { @Sendable in "<p>" + $0 + "\u{2028}</p>" } : nil
        var view = CommentView(node, includeState: Bool.random(using: &self), renderHTML: render)
        if Bool.random(using: &self) { view.body = maybe { $0.string(maximum: 60) } }
        view.editedAt = maybe { $0.date() }
        view.score = integer()
        view.deleted = Bool.random(using: &self)
        view.state = maybe { $0.string(maximum: 2) }
        view.omitsReplies = depth == 0 && Int.random(in: 0..<8, using: &self) == 0
        if depth < 4 {
            view.replies = (0..<Int.random(in: 0...(depth == 0 ? 4 : 2), using: &self)).map { _ in comment(depth: depth + 1) }
        }
        return view
    }

    public mutating func article() -> ArticleView {
        let article = Article(id: 1, key: string(), title: string(), url: maybe { $0.string() },
                              tags: (0..<Int.random(in: 0...3, using: &self)).map { _ in string(maximum: 3) },
                              publishedAt: maybe { $0.date() }, createdAt: date(), visibleCount: integer())
        var view = Bool.random(using: &self) ? ArticleView(article) : ArticleView(readerView: article)
        if Int.random(in: 0..<4, using: &self) == 0 {
            view.mode = maybe { $0.string(maximum: 2) }
            view.tags = maybe { fuzz in (0..<Int.random(in: 0...2, using: &fuzz)).map { _ in fuzz.string(maximum: 3) } }
            view.publishedAt = maybe { $0.date() }
            view.createdAt = maybe { $0.date() }
            view.status = string(maximum: 2)
            view.signIn = string(maximum: 2)
        }
        return view
    }

    public mutating func threadPage() -> ThreadPageView {
        ThreadPageView(article: article(), comments: (0..<Int.random(in: 0...6, using: &self)).map { _ in comment() },
                       nextCursor: maybe { $0.string(maximum: 3) })
    }

    public mutating func queuePage() -> QueuePageView {
        var view = QueuePageView(QueuePage(items: [], total: integer(), totalIsCapped: Bool.random(using: &self),
                                           nextCursor: maybe { QueueCursor(createdAt: $0.date(), id: $0.id()) }))
        if Bool.random(using: &self) { view.nextCursor = maybe { $0.string(maximum: 3) } }
        view.items = (0..<Int.random(in: 0...5, using: &self)).map { _ in queueItem() }
        return view
    }

    public mutating func queueItem() -> QueueItemView {
        let now = Date()
        let author = Author(id: 1, name: string(), trust: TrustLevel.allCases.randomElement(using: &self)!,
                            approvedCount: integer(), rejectedCount: integer(), spamCount: integer(),
                            bannedUntil: maybe { _ in now.addingTimeInterval(86_400) }, banReason: maybe { $0.string() },
                            firstSeenAt: date(), lastSeenAt: date())
        let record = Comment(id: id(), articleID: 1, parentID: maybe { $0.id() }, rootID: 1, depth: 0, authorID: 1,
                              authorName: author.name, body: string(maximum: 60),
                              state: CommentState.allCases.randomElement(using: &self)!, deleted: Bool.random(using: &self),
                              createdAt: date(), editedAt: maybe { $0.date() })
        let rules = (0..<Int.random(in: 0...3, using: &self)).map { _ in
            FiredRule(name: string(maximum: 3), action: ModerationAction.allCases.randomElement(using: &self)!,
                      reason: maybe { $0.string() }, match: maybe { $0.string(maximum: 3) },
                      span: maybe { fuzz in (0..<Int.random(in: 0...3, using: &fuzz)).map { _ in fuzz.integer() } })
        }
        let item = QueueItem(comment: record, version: integer(),
                             article: Article(id: 1, key: string(), title: string(), url: maybe { $0.string() }, createdAt: date()),
                             author: author, parent: maybe { ParentExcerpt(id: $0.id(), authorName: $0.string(), firstLine: $0.string(maximum: 60)) },
                             firedRules: rules, decidedBy: maybe { $0.string(maximum: 3) }, decidedAt: maybe { $0.date() },
                             openReports: (0..<Int.random(in: 0...3, using: &self)).map { _ in string(maximum: 4) })
        var view = QueueItemView(item)
        if Bool.random(using: &self) {
            view.author.bannedUntil = maybe { $0.date() }
            view.author.banReason = maybe { $0.string() }
            view.comment.decidedAt = maybe { $0.date() }
        }
        return view
    }
}
