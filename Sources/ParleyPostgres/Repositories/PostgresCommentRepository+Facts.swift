import ParleyCore

extension PostgresCommentRepository {
    /// Counts of recent comments for every window a ruleset asked about, in one statement:
    /// by the author, from the address, and with the same normalized text.
    /// $1 author name key, $2 author windows, $3 ip, $4 ip windows, $5 fingerprint,
    /// $6 duplicate windows, $7 a comment to leave out (the one being edited), $8 and $9 a
    /// signed-in reader's key name and subject (then $1 is not used).
    static let factsSQL = """
        WITH author AS (
            SELECT COALESCE(CASE WHEN $8::text IS NULL
                                 THEN (SELECT id FROM authors WHERE name_key = $1 AND sso_name IS NULL)
                                 ELSE (SELECT id FROM authors WHERE sso_name = $8::text AND sso_subject = $9::text) END,
                            (SELECT author_id FROM comments WHERE id = $7::int8)) AS id
        )
        SELECT 'author', w, (SELECT count(*) FROM comments c, author
                              WHERE c.author_id = author.id AND c.created_at > now() - w * interval '1 second'
                                AND c.id IS DISTINCT FROM $7::int8)
          FROM unnest($2::int[]) w
        UNION ALL
        SELECT 'ip', w, (SELECT count(*) FROM comments c
                          WHERE c.ip = $3::inet AND c.created_at > now() - w * interval '1 second'
                            AND c.id IS DISTINCT FROM $7::int8)
          FROM unnest($4::int[]) w WHERE $3::inet IS NOT NULL
        UNION ALL
        SELECT 'duplicate', w, (SELECT count(*) FROM comments c
                                 WHERE c.body_fingerprint = $5 AND c.created_at > now() - w * interval '1 second'
                                   AND c.id IS DISTINCT FROM $7::int8)
          FROM unnest($6::int[]) w WHERE $5::text IS NOT NULL
        """

    static func factsStatement(_ request: FactRequest, authorKey: String?, identity: ReaderIdentity?,
                               excluding commentID: Int64?) -> (sql: String, parameters: [(any PostgresBindable)?]) {
        (factsSQL, [authorKey, request.authorWindows, request.ip, request.ipWindows, request.fingerprint,
                    request.duplicateWindows, commentID, identity?.site, identity?.subject])
    }

    static func facts(from result: QueryResult) throws -> ModerationFacts {
        var facts = ModerationFacts()
        for row in result.rows {
            var reader = row.reader()
            let kind: String = try reader.next()
            let window: Int = try reader.next()
            let count: Int = try reader.next()
            switch kind {
            case "author": facts.authorComments[window] = count
            case "ip": facts.ipComments[window] = count
            default: facts.duplicates[window] = count
            }
        }
        return facts
    }
}
