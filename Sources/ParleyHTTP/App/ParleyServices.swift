import Foundation
import Logging
import ParleyCore
import ParleyModeration
import ParleyPostgres

/// What the routes share: storage, the rules engine, the discussion and the desk, caches,
/// limits and metrics. Built once per server.
public final class ParleyServices: Sendable {
    public let configuration: ServerConfiguration
    public let database: PostgresDatabase
    public let engine: RulesEngine
    public let discussion: Discussion
    public let desk: ModerationDesk
    public let settings: DiscussionSettings
    public let metrics: ParleyMetrics
    /// Live event streams of this process (fed by `parley serve`'s one listener).
    public let live: LiveUpdates
    let threadCache: ResponseCache
    let countCache: CountCache
    let limiter: RateLimiter
    let signIn: ReaderSignIn
    let logger: Logger
    let render: @Sendable (String) -> String
    /// The key of unsubscribe links, for the unsubscribe route.
    let unsubscribeLinks: UnsubscribeLinkCache

    public init(configuration: ServerConfiguration, database: PostgresDatabase, engine: RulesEngine,
                settings: DiscussionSettings = DiscussionSettings(), metrics: ParleyMetrics = ParleyMetrics(), logger: Logger,
                render: @escaping @Sendable (String) -> String = CommentHTML.render) {
        self.configuration = configuration
        self.database = database
        self.engine = engine
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.render = render
        discussion = Discussion(articles: database.articles, comments: database.comments, moderation: engine, settings: settings)
        desk = ModerationDesk(repository: database.desk, settings: settings)
        threadCache = ResponseCache(lifetime: configuration.cacheSeconds)
        countCache = CountCache(lifetime: configuration.cacheSeconds)
        limiter = RateLimiter()
        signIn = ReaderSignIn(keys: database.signInKeys)
        unsubscribeLinks = UnsubscribeLinkCache(repository: database.mail)
        live = LiveUpdates(events: database.liveEvents, render: render, logger: logger,
                           keepAliveInterval: .milliseconds(Int64(configuration.liveKeepAliveSeconds * 1000)))
    }

    /// The request being served must see a write position (X-Parley-After) and standbys serve
    /// reads: the microcache, filled from whichever server answered, is not good enough.
    var bypassesCache: Bool { database.replica != nil && ReadPosition.required != nil }

    /// Forgets cached reads of an article after a write to it (in this process).
    func invalidate(articleKey: String) {
        threadCache.invalidate(prefix: articleKey + "\u{1F}")
        countCache.invalidate(articleKey)
    }
}
