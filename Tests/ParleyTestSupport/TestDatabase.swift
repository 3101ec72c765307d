import Foundation
import Logging
import ParleyCore
import ParleyPostgres

/// A fresh database of the test cluster with parley's repositories over it.
public struct TestDatabase: Sendable {
    public let name: String
    /// How the pool (`database`) connects: through PgBouncer when the test process runs with
    /// `PARLEY_TEST_PGBOUNCER=1`, else straight to the cluster.
    public let conninfo: String
    /// Straight to the cluster, never through PgBouncer: for LISTEN, which a pooler in
    /// transaction mode does not carry.
    public let directConninfo: String
    public let database: PostgresDatabase

    public static func make(migrated: Bool = true, connections: Int = 4) async throws -> TestDatabase {
        let cluster = try await TestCluster.shared()
        let name = try cluster.makeDatabase(migrated: migrated)
        let conninfo = cluster.pooledConninfo(database: name)
        let database = PostgresDatabase(
            location: DatabaseLocation(conninfo: conninfo, source: .option), maximumConnections: connections,
            logger: Logger(label: "test"))
        return TestDatabase(name: name, conninfo: conninfo, directConninfo: cluster.conninfo(database: name), database: database)
    }

    public func discussion(settings: DiscussionSettings = DiscussionSettings(),
                           moderation: any ModerationPolicy = ArticleModePolicy()) -> Discussion {
        Discussion(articles: database.articles, comments: database.comments, moderation: moderation, settings: settings)
    }

    /// Runs one statement directly, for tests that check what the database itself refuses.
    public func connection() throws -> PostgresConnection {
        try PostgresConnection.connect(conninfo)
    }

    public func close() async {
        await database.shutdown()
    }

    /// Adds an article (open, post-moderated unless said otherwise).
    @discardableResult
    public func article(_ key: String, mode: ModerationMode = .post, tags: [String] = []) async throws -> Article {
        try await database.articles.create(NewArticle(key: key, title: "Article \(key)", tags: tags, mode: mode))
    }
}
