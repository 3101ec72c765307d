import ParleyCore

/// Stored answers to requests that carried an Idempotency-Key. Answers are written by the
/// transactions of the writes themselves (`PostgresDatabase.transaction(once:)` and the
/// comment insert); this repository only forgets old ones.
public struct PostgresIdempotencyRepository: IdempotencyRepository {
    let database: PostgresDatabase

    @discardableResult
    public func prune(olderThan seconds: Double) async throws -> Int {
        try await database.run { connection in
            try connection.execute("DELETE FROM idempotency_answers WHERE created_at < now() - $1::float8 * interval '1 second'",
                                   [seconds])
        }
    }
}

extension PostgresDatabase {
    /// `transaction`, with the Idempotency-Key claimed first and its answer kept last, in the
    /// same transaction: a crash at any point leaves the effect and its answer, or neither.
    /// A concurrent duplicate blocks on the claim until the first commits, then gets its
    /// answer (`AnsweredBefore`); if the first rolled back, the duplicate does the work.
    public func transaction<T: Sendable>(once: Once<T>?, _ body: @escaping @Sendable (PostgresConnection) throws -> T)
        async throws -> T {
        guard let once else { return try await transaction(body) }
        return try await transaction { connection in
            try StoredAnswers.claim(once.key, on: connection)
            let value = try body(connection)
            if let answer = try once.answer(value) {
                try StoredAnswers.keep(answer, for: once.key, on: connection)
            } else {
                try connection.execute("DELETE FROM idempotency_answers WHERE lookup = $1", [once.key.lookup], plan: .eachTime)
            }
            return value
        }
    }
}

/// The statements on `idempotency_answers`, for use inside a write's own transaction. Its
/// lookups are planned each time: the table starts empty and grows by every keyed write, and
/// a plan cached while it was small scans it whole.
enum StoredAnswers {
    static func claim(_ key: IdempotencyKey, on connection: PostgresConnection) throws {
        let claimed = try connection.query("""
            INSERT INTO idempotency_answers (lookup, request_hash, status, answer) VALUES ($1, $2, 0, '')
            ON CONFLICT (lookup) DO NOTHING RETURNING 1
            """, [key.lookup, key.requestHash]).count > 0
        if claimed { return }
        // The conflict waited for the first request's transaction to commit, so this new
        // statement sees its answer.
        if let previous = try stored(key, on: connection) { throw previous }
        throw ParleyError.unavailable("A request with this Idempotency-Key was being forgotten; retry.")
    }

    static func keep(_ answer: StoredAnswer, for key: IdempotencyKey, on connection: PostgresConnection) throws {
        try connection.execute("UPDATE idempotency_answers SET status = $2, answer = $3, sealed = true WHERE lookup = $1",
                               [key.lookup, answer.status, try key.seal(answer)], plan: .eachTime)
    }

    /// The first request's answer under this key, nil when there is none; throws when the
    /// key was used for a different request.
    static func stored(_ key: IdempotencyKey, on connection: PostgresConnection) throws -> AnsweredBefore? {
        guard let row = try connection.query(
            "SELECT request_hash, status, answer, sealed FROM idempotency_answers WHERE lookup = $1", [key.lookup],
            plan: .eachTime).first
        else { return nil }
        var reader = row.reader()
        return try answer(hash: reader.next(), status: reader.next(), text: reader.next(), sealed: reader.next(), key: key)
    }

    static func answer(hash: String, status: Int, text: String, sealed: Bool, key: IdempotencyKey) throws -> AnsweredBefore {
        guard Secret.equal(hash, key.requestHash) else { throw ParleyError.idempotencyKeyReused() }
        guard status > 0, let answer = sealed ? key.open(text) : StoredAnswer(status: status, body: Array(text.utf8)) else {
            throw ParleyError.internalFailure()
        }
        return AnsweredBefore(answer)
    }
}
