import Foundation
import ParleyCore

/// pgbench's side of `scripts/bench-http`: PostgreSQL doing the database part of parley's
/// requests on its own, on the same cluster, as the yardstick for parley's rates.
extension BenchmarkSeeder {
    /// A pgbench script file: its text and the `-D name=value` variables it reads.
    public struct PgbenchScript: Sendable {
        public let name: String
        public let purpose: String
        public let text: String
        public let variables: [(name: String, value: String)]

        /// The file as written: `-- define name=value` lines first (scripts/bench-http passes
        /// them to pgbench as `-D`), then the script.
        public var file: String {
            (["-- \(purpose)"] + variables.map { "-- define \($0.name)=\($0.value)" } + [text]).joined(separator: "\n") + "\n"
        }
    }

    /// Tables pgbench writes to, beside parley's, so its rows never show up in parley's
    /// discussions, counts or live events:
    /// - `bench_comments`: a copy of `comments` with its columns, defaults, checks and every
    ///   index as the migrations left them (`LIKE ... INCLUDING ALL`), the tree trigger, and
    ///   foreign keys to articles and authors;
    /// - `bench_bodies`: `bodies` comment texts of 100-300 characters, like wrk's posts;
    /// - `bench_template`: the other columns of a post as parley writes them (moderation record,
    ///   decider, address, token hash); scripts/bench-http replaces its row with the probe post's.
    public func preparePgbench(bodies: Int = 1000) async throws {
        var generator = SystemRandomNumberGenerator()
        let texts = (0..<bodies).map { _ in SampleText.comment(length: Int.random(in: 100...300, using: &generator), using: &generator) }
        try await database.run { connection in
            try connection.executeScript("""
                DROP TABLE IF EXISTS bench_comments, bench_bodies, bench_template;
                CREATE TABLE bench_comments (LIKE comments INCLUDING ALL);
                ALTER TABLE bench_comments
                    ADD FOREIGN KEY (article_id) REFERENCES articles (id),
                    ADD FOREIGN KEY (author_id) REFERENCES authors (id);
                CREATE TRIGGER bench_comments_place_in_tree
                    BEFORE INSERT ON bench_comments
                    FOR EACH ROW EXECUTE FUNCTION comments_place_in_tree();
                CREATE TABLE bench_bodies (id integer PRIMARY KEY, body text NOT NULL);
                CREATE TABLE bench_template AS
                    SELECT state, ip, edit_token_hash, moderation, decided_by, decided_kind, body_fingerprint, author_verified
                      FROM comments WHERE false;
                INSERT INTO bench_template
                VALUES ('published', '127.0.0.1', repeat('0', 64), '{"action": "publish", "rules": []}', 'rules', 'rules',
                        repeat('0', 64), false);
                """)
            try connection.execute("""
                INSERT INTO bench_bodies (id, body) SELECT n, body FROM unnest($1::text[]) WITH ORDINALITY AS t(body, n)
                """, [texts])
            try connection.execute("ANALYZE bench_comments, bench_bodies, bench_template")
        }
    }

    /// The scripts of scripts/bench-http, written from the statements parley itself runs so
    /// they cannot drift apart:
    /// - `thread-rows`: the comments of the whole discussion, the columns parley's thread query
    ///   reads, in thread order (the yardstick of workload a);
    /// - `thread-query`: parley's own page query for that discussion (a first page of
    ///   `pageLimit` threads), for comparison only;
    /// - `counts`: parley's counts query for `countKeys` (workload b);
    /// - `insert`: one comment row into `bench_comments` per transaction (workload c), with its
    ///   stored HTML as parley writes it.
    public static func pgbenchScripts(threadArticle: Article, pageLimit: Int, countKeys: [String], postingArticleID: Int64,
                                      authors: [Int64], bodies: Int = 1000) -> [PgbenchScript] {
        let page = PostgresCommentRepository.pageStatement(ThreadRequest(articleKey: threadArticle.key, limit: pageLimit),
                                                           limit: pageLimit).0
        let pageText = pgbenchLiteral(page)
            .replacingOccurrences(of: "$1", with: ":key")
            .replacingOccurrences(of: "$2", with: "NULL")
            .replacingOccurrences(of: "$3", with: "NULL")
            .replacingOccurrences(of: "$4", with: ":page_limit")
        let low = authors.min() ?? 1, high = authors.max() ?? 1
        return [
            PgbenchScript(
                name: "thread-rows",
                purpose: "(a) the rows of the whole discussion \(threadArticle.key), parley's thread columns, in thread order",
                text: """
                    SELECT \(Columns.comment)
                      FROM comments c
                     WHERE c.article_id = :article
                     ORDER BY \(PostgresCommentRepository.threadOrder);
                    """,
                variables: [("article", String(threadArticle.id))]),
            PgbenchScript(
                name: "thread-query",
                purpose: "(a) parley's own query for the first page of \(pageLimit) threads of \(threadArticle.key) (comparison only)",
                text: pageText + ";",
                variables: [("key", threadArticle.key), ("page_limit", String(pageLimit))]),
            PgbenchScript(
                name: "counts",
                purpose: "(b) parley's counts query for \(countKeys.count) articles",
                text: pgbenchLiteral(PostgresArticleRepository.visibleCountsSQL).replacingOccurrences(of: "$1", with: ":keys") + ";",
                variables: [("keys", "{" + countKeys.joined(separator: ",") + "}")]),
            PgbenchScript(
                name: "insert",
                purpose: "(c) one comment row per transaction into bench_comments (a copy of comments with all its indexes)",
                text: """
                    \\set author random(\(low), \(high))
                    \\set body random(1, \(bodies))
                    INSERT INTO bench_comments (article_id, author_id, author_name, body, state, ip, edit_token_hash, moderation,
                                                decided_at, decided_by, decided_kind, body_fingerprint, author_verified,
                                                html, html_version)
                    SELECT :article, :author, 'reader-' || :author, b.body, t.state, t.ip,
                           CASE WHEN t.edit_token_hash IS NOT NULL THEN md5(random()::text) || md5(b.body) END,
                           t.moderation, now(), t.decided_by, t.decided_kind,
                           CASE WHEN t.body_fingerprint IS NOT NULL
                                THEN left(md5(b.body || random()::text) || md5(random()::text), length(t.body_fingerprint)) END,
                           t.author_verified, '<p>' || b.body || '</p>', \(CommentRendering.version)
                      FROM bench_bodies b, bench_template t
                     WHERE b.id = :body;
                    """,
                variables: [("article", String(postingArticleID))]),
        ]
    }

    /// parley's SQL as pgbench reads it literally: pgbench takes `:name` for one of its
    /// variables, so a colon before a name that is not a cast (`[1:c.depth]`) gets a space.
    static func pgbenchLiteral(_ sql: String) -> String {
        var text = ""
        var previous: Character?
        var characters = sql.makeIterator()
        var next = characters.next()
        while let character = next {
            next = characters.next()
            text.append(character)
            if character == ":", previous != ":", let following = next, following.isLetter || following == "_" {
                text.append(" ")
            }
            previous = character
        }
        return text
    }
}
