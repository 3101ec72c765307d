import ParleyCore

extension PostgresCommentRepository {
    /// The article and its comments in one round trip (two statements in one pipeline).
    public func thread(_ request: ThreadRequest) async throws -> ThreadRows {
        let statement: (sql: String, parameters: [(any PostgresBindable)?])
        if let limit = request.limit {
            statement = Self.pageStatement(request, limit: limit)
        } else {
            statement = (Self.wholeSQL(request.audience), [request.articleKey])
        }
        let articleSQL = "SELECT \(Columns.article) FROM articles a WHERE a.key = $1"
        let key = request.articleKey
        let paged = request.limit != nil
        return try await database.read { connection in
            // One plan for every article and page (IndexPlanTests checks it reads by index):
            // PostgreSQL's default kept planning the page query anew for each request, since
            // its generic plan's estimate (an unknown LIMIT) looks dearer than a custom plan,
            // and planning it cost about as much as running it.
            let results = try connection.pipeline([(articleSQL, [key]), statement], plan: .generic)
            guard let articleRow = results[0].first else { throw ParleyError.articleNotFound(key) }
            var articleReader = articleRow.reader()
            let article = try Columns.article(&articleReader)

            let rows = results[1]
            var comments: [Comment] = []
            comments.reserveCapacity(rows.count)
            var rootOrder: [Int64] = []
            var hasMore = false
            for index in 0..<rows.count {
                var reader = rows.row(index).reader()
                if paged {
                    let rank: Int = try reader.next()
                    hasMore = try reader.next()
                    let comment = try Columns.comment(&reader)
                    if comment.parentID == nil, rootOrder.last != comment.id, rank > rootOrder.count {
                        rootOrder.append(comment.id)
                    }
                    comments.append(comment)
                } else {
                    comments.append(try Columns.comment(&reader))
                }
            }
            return ThreadRows(article: article, comments: comments, rootOrder: paged ? rootOrder : nil, hasMore: hasMore)
        }
    }

    /// Readers see visible comments, plus hidden or deleted ones that still have visible
    /// replies below them (the assembler turns those into tombstones).
    static func audienceFilter(_ audience: ThreadAudience, alias c: String = "c") -> String {
        switch audience {
        case .moderators:
            return "true"
        case .readers:
            return """
                ((\(c).state IN ('published', 'flagged') AND NOT \(c).deleted) OR EXISTS (
                    SELECT 1 FROM comments d
                     WHERE d.article_id = \(c).article_id AND d.root_id = \(c).root_id AND d.depth > \(c).depth
                       AND d.path[1:\(c).depth + 1] = \(c).path
                       AND d.state IN ('published', 'flagged') AND NOT d.deleted))
                """
        }
    }

    static func wholeSQL(_ audience: ThreadAudience) -> String {
        """
        SELECT \(Columns.comment)
          FROM comments c
         WHERE c.article_id = (SELECT id FROM articles WHERE key = $1)
           AND \(audienceFilter(audience))
         ORDER BY \(threadOrder)
        """
    }

    /// A discussion's comments in thread order (depth-first, each reply after its parent).
    /// A path starts with its root's id, so this is the order of `path` alone, and the order
    /// of comments_root_idx (migration 0014 dropped the index on article_id, path).
    static let threadOrder = "c.article_id, c.root_id, c.path"

    /// A page of top-level comments in keyset order, each with its whole reply tree.
    /// $1 article key, $2/$3 cursor (key, id) or NULL, $4 page size.
    /// The article's id comes from a scalar subquery, not a join, so that it is the leading
    /// key of comments_top_oldest_idx / comments_top_score_idx in every plan (the prepared
    /// statement's generic plan too) and the roots are read in order, LIMIT rows at most.
    /// As a join, a generic plan read and sorted every top-level comment of the table, and a
    /// custom plan walked comments_created_idx (since dropped) from the oldest comment of all.
    static func pageStatement(_ request: ThreadRequest, limit: Int) -> (String, [(any PostgresBindable)?]) {
        let order: String
        let after: String
        switch request.sort {
        case .oldest:
            order = "c.created_at, c.id"
            after = "(c.created_at, c.id) > ('epoch'::timestamptz + $2::int8 * interval '1 microsecond', $3::int8)"
        case .newest:
            order = "c.created_at DESC, c.id DESC"
            after = "(c.created_at, c.id) < ('epoch'::timestamptz + $2::int8 * interval '1 microsecond', $3::int8)"
        case .top:
            order = "c.score DESC, c.id"
            after = "(c.score < $2::int8 OR (c.score = $2::int8 AND c.id > $3::int8))"
        }
        let sql = """
            WITH article AS (
                SELECT id FROM articles WHERE key = $1
            ), roots AS (
                SELECT c.id, row_number() OVER (ORDER BY \(order)) AS rank
                  FROM (SELECT c.* FROM comments c
                         WHERE c.article_id = (SELECT id FROM article) AND c.parent_id IS NULL
                           AND \(request.cursor == nil ? "$2::int8 IS NULL AND $3::int8 IS NULL" : after)
                           AND \(audienceFilter(request.audience))
                         ORDER BY \(order)
                         LIMIT $4::int + 1) c
            ), page AS (
                SELECT id, rank, (SELECT count(*) FROM roots) > $4::int AS has_more FROM roots WHERE rank <= $4::int
            )
            SELECT page.rank::int8, page.has_more, \(Columns.comment)
              FROM page
              JOIN comments c ON c.article_id = (SELECT id FROM article) AND c.root_id = page.id
             WHERE \(audienceFilter(request.audience))
             ORDER BY page.rank, c.path
            """
        return (sql, [request.articleKey, request.cursor?.key, request.cursor?.id, limit])
    }
}
