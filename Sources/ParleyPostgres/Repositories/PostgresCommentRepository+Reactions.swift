import ParleyCore

extension PostgresCommentRepository {
    public func report(id: Int64, reporterKey: String, reporter: String?, reason: String, threshold: Int,
                       once: Once<ReportOutcome>?) async throws -> ReportOutcome {
        try await database.transaction(once: once) { connection in
            guard let row = try connection.query(
                "SELECT state, deleted FROM comments WHERE id = $1 FOR UPDATE", [id]).first
            else { throw ParleyError.commentNotFound(id) }
            let state: String = try row.decode(0)
            let deleted: Bool = try row.decode(1)
            guard !deleted, CommentState(rawValue: state)?.isVisible == true || state == CommentState.reported.rawValue else {
                throw ParleyError.commentNotFound(id)
            }
            let inserted = try connection.query("""
                INSERT INTO reports (article_id, comment_id, reporter_key, reporter, reason)
                SELECT article_id, id, $2, $3, $4 FROM comments WHERE id = $1
                ON CONFLICT (comment_id, reporter_key) DO NOTHING
                RETURNING id
                """, [id, reporterKey, reporter, reason]).count > 0
            let open = try connection.query(
                "SELECT count(*) FROM reports WHERE comment_id = $1 AND resolved_at IS NULL", [id]).first?.decode(0, as: Int.self) ?? 0
            if inserted {
                try connection.execute("""
                    INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action, reason)
                    SELECT 'report', article_id, id, author_id, 'reader', $2, 'report', $3 FROM comments WHERE id = $1
                    """, [id, reporter ?? reporterKey, reason])
            }
            var hidden = false
            if inserted, open >= threshold, CommentState(rawValue: state)?.isVisible == true {
                try connection.execute("""
                    WITH updated AS (
                        UPDATE comments SET state = 'reported', version = version + 1, decided_at = now(),
                               decided_by = 'reader reports', decided_kind = 'reader'
                         WHERE id = $1 RETURNING *
                    ), counted AS (
                        -- An author's approved count is the number of their comments readers see.
                        UPDATE authors SET approved_count = greatest(approved_count - 1, 0)
                          FROM updated WHERE authors.id = updated.author_id
                    )
                    INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action,
                                                   from_state, to_state, reason, details)
                    SELECT 'decision', article_id, id, author_id, 'system', 'reader reports', 'hold', $2, 'reported',
                           $3, jsonb_build_object('open_reports', $4::int, 'threshold', $5::int)
                      FROM updated
                    """, [id, state, "Reported by \(open) readers", open, threshold])
                hidden = true
            }
            return ReportOutcome(openReports: open, hidden: hidden, duplicate: !inserted)
        }
    }

    public func vote(id: Int64, voterKey: String, voter: String, value: Int, once: Once<Int>?) async throws -> Int {
        try await database.transaction(once: once) { connection in
            guard let row = try connection.query("""
                SELECT c.state, c.deleted, au.name_key, c.score
                  FROM comments c JOIN authors au ON au.id = c.author_id
                 WHERE c.id = $1 FOR UPDATE OF c
                """, [id]).first
            else { throw ParleyError.commentNotFound(id) }
            var reader = row.reader()
            let state: String = try reader.next()
            let deleted: Bool = try reader.next()
            let authorKey: String = try reader.next()
            let score: Int = try reader.next()
            guard !deleted, CommentState(rawValue: state)?.isVisible == true else { throw ParleyError.commentNotFound(id) }
            guard authorKey != voterKey else {
                throw ParleyError(.forbidden, code: "own_comment", "You cannot vote on your own comment.")
            }
            let previous = try connection.query(
                "SELECT value FROM votes WHERE comment_id = $1 AND voter_key = $2", [id, voterKey]).first?.decode(0, as: Int.self) ?? 0
            if previous == value { return score }
            try connection.execute("""
                INSERT INTO votes (article_id, comment_id, voter_key, voter, value)
                SELECT article_id, id, $2, $3, $4 FROM comments WHERE id = $1
                ON CONFLICT (comment_id, voter_key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
                """, [id, voterKey, voter, value])
            let up = (value == 1 ? 1 : 0) - (previous == 1 ? 1 : 0)
            let down = (value == -1 ? 1 : 0) - (previous == -1 ? 1 : 0)
            return try connection.query("""
                UPDATE comments SET score = score + $2, upvotes = upvotes + $3, downvotes = downvotes + $4
                 WHERE id = $1 RETURNING score
                """, [id, value - previous, up, down]).first?.decode(0, as: Int.self) ?? score
        }
    }
}
