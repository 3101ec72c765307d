import ParleyCore

extension PostgresCommentRepository {
    /// Renders comments whose stored HTML is missing or of another renderer version, `limit`
    /// at a time in id order after `after`. Each batch is one read and one write, and a comment
    /// edited in between keeps its newer HTML (the write checks the text it rendered). Returns
    /// how many were rendered and the last id looked at (nil when there are no more).
    public func renderStoredHTML(after: Int64, limit: Int = 500) async throws -> (rendered: Int, last: Int64?) {
        let rows = try await database.run { connection in
            try connection.query("""
                SELECT id, COALESCE(censored_body, body) FROM comments
                 WHERE id > $1 AND html_version <> $2 ORDER BY id LIMIT $3
                """, [after, CommentRendering.version, limit], plan: .eachTime).rows.map { row in
                (id: try row.decode(0, as: Int64.self), text: try row.decode(1, as: String.self))
            }
        }
        guard let last = rows.last?.id else { return (0, nil) }
        let html = rows.map { CommentRendering.html($0.text) }
        let rendered = try await database.run { connection in
            try connection.execute("""
                UPDATE comments c SET html = u.html, html_version = $4
                  FROM unnest($1::int8[], $2::text[], $3::text[]) AS u(id, text, html)
                 WHERE c.id = u.id AND COALESCE(c.censored_body, c.body) = u.text
                """, [rows.map(\.id), rows.map(\.text), html, CommentRendering.version])
        }
        return (rendered, last)
    }

    /// Renders every comment that needs it; returns how many were rendered.
    @discardableResult
    public func renderAllStoredHTML(batch: Int = 500) async throws -> Int {
        var after: Int64 = 0
        var total = 0
        while true {
            let (rendered, last) = try await renderStoredHTML(after: after, limit: batch)
            guard let last else { return total }
            total += rendered
            after = last
        }
    }
}
