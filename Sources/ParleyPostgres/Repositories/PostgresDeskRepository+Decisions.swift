import Foundation
import ParleyCore

extension PostgresDeskRepository {
    struct Candidate {
        var id: Int64
        var state: CommentState
        var version: Int
        var deleted: Bool
        var decidedKind: String?
        var decidedBy: String?
        var decidedAt: Date?
    }

    public func decide(_ action: ModeratorAction, target: DecisionTarget, reason: String?, moderator: String,
                       overrule: Bool, trustPromotionThreshold: Int, once: Once<DecisionReport>?) async throws -> DecisionReport {
        try await database.transaction(once: once) { connection in
            let candidates: [Candidate]
            var report = DecisionReport()
            var seen: [Int64: Int] = [:]
            switch target {
            case .ids(let ids, let versions):
                seen = versions
                candidates = try connection.query(
                    "SELECT \(Self.candidateColumns) FROM comments c WHERE c.id = ANY($1::int8[]) ORDER BY c.id FOR UPDATE",
                    [ids]).rows.map(Self.decodeCandidate)
                let found = Set(candidates.map(\.id))
                report.refused += ids.filter { !found.contains($0) }.map { .init(id: $0, reason: "no such comment") }
            case .filter(let filter, let limit):
                let order = filter.newestFirst ? "c.created_at DESC, c.id DESC" : "c.created_at, c.id"
                candidates = try connection.query("""
                    SELECT \(Self.candidateColumns) FROM comments c
                     WHERE \(Self.filterConditions)
                     ORDER BY \(order) LIMIT $7::int
                       FOR UPDATE SKIP LOCKED
                    """, Self.filterParameters(filter) + [limit]).rows.map(Self.decodeCandidate)
            }
            var chosen: [(id: Int64, from: CommentState)] = []
            for candidate in candidates {
                if let refusal = Self.refusal(candidate, action: action, seenVersion: seen[candidate.id],
                                              moderator: moderator, overrule: overrule) {
                    report.refused.append(.init(id: candidate.id, reason: refusal))
                } else {
                    chosen.append((candidate.id, candidate.state))
                }
            }
            guard !chosen.isEmpty else { return report }
            let resolution: String = action == .approve || action == .restore ? "dismissed" : "upheld"
            let rows = try connection.query(Self.decideSQL, [
                chosen.map(\.id), chosen.map(\.from.rawValue), action.targetState.rawValue, action == .restore, moderator,
                action.rawValue, reason, trustPromotionThreshold, resolution,
            ]).rows
            for row in rows {
                var reader = row.reader()
                let kind: String = try reader.next()
                let id: Int64 = try reader.next()
                let first: String = try reader.next()
                let second: String = try reader.next()
                if kind == "applied" {
                    report.applied.append(.init(id: id, from: CommentState(rawValue: first) ?? .pending,
                                                to: CommentState(rawValue: second) ?? action.targetState))
                } else {
                    report.promoted.append(first)
                }
            }
            return report
        }
    }

    static let candidateColumns = "c.id, c.state, c.version, c.deleted, c.decided_kind, c.decided_by, c.decided_at"

    static func decodeCandidate(_ row: Row) throws -> Candidate {
        var reader = row.reader()
        return Candidate(id: try reader.next(), state: try Columns.enumValue(reader.next()), version: try reader.next(),
                         deleted: try reader.next(), decidedKind: try reader.optional(), decidedBy: try reader.optional(),
                         decidedAt: try reader.optional())
    }

    /// Why a decision must not touch this comment, or nil when it may.
    static func refusal(_ candidate: Candidate, action: ModeratorAction, seenVersion: Int?, moderator: String, overrule: Bool) -> String? {
        let who = candidate.decidedBy.map { " by \($0)" } ?? ""
        let when = candidate.decidedAt.map { " at \(PostgresTime.iso8601($0).prefix(19).replacingOccurrences(of: "T", with: " ")) UTC" } ?? ""
        if let seenVersion, seenVersion != candidate.version {
            return "it changed since you saw it: now \(candidate.state.rawValue)\(who)\(when)"
        }
        let alreadyThere = candidate.state == action.targetState && !(action == .restore && candidate.deleted)
        if alreadyThere {
            return "it is already \(candidate.state.rawValue)\(who)\(when)"
        }
        if seenVersion == nil, !overrule, candidate.decidedKind == "moderator", candidate.decidedBy != moderator {
            return "it was \(candidate.state.rawValue)\(who)\(when); use --force to overrule"
        }
        if action == .restore && !(candidate.deleted || candidate.state == .rejected || candidate.state == .spam) {
            return "only rejected, spam or deleted comments can be restored (it is \(candidate.state.rawValue))"
        }
        return nil
    }

    /// $1 ids, $2 their states before, $3 new state, $4 undelete, $5 moderator, $6 action,
    /// $7 reason, $8 trust threshold, $9 how open reports are resolved.
    static let decideSQL = """
        WITH input AS (
            SELECT * FROM unnest($1::int8[], $2::text[]) AS t(id, from_state)
        ), updated AS (
            UPDATE comments c SET state = $3::text,
                   deleted = CASE WHEN $4::bool THEN false ELSE c.deleted END,
                   deleted_at = CASE WHEN $4::bool THEN NULL ELSE c.deleted_at END,
                   decided_at = now(), decided_by = $5::text, decided_kind = 'moderator', version = c.version + 1
              FROM input WHERE c.id = input.id
            RETURNING c.id, c.article_id, c.author_id, input.from_state, c.state
        ), logged AS (
            INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action,
                                           from_state, to_state, reason)
            SELECT 'decision', article_id, id, author_id, 'moderator', $5::text, $6::text, from_state, state, $7::text
              FROM updated
        ), deltas AS (
            SELECT author_id,
                   sum((state IN ('published', 'flagged'))::int - (from_state IN ('published', 'flagged'))::int) AS approved,
                   sum((state = 'rejected')::int - (from_state = 'rejected')::int) AS rejected,
                   sum((state = 'spam')::int - (from_state = 'spam')::int) AS spam
              FROM updated GROUP BY author_id
        ), before AS (
            SELECT au.id, au.trust FROM authors au JOIN deltas d ON d.author_id = au.id
        ), counted AS (
            UPDATE authors au SET
                   approved_count = greatest(au.approved_count + d.approved, 0),
                   rejected_count = greatest(au.rejected_count + d.rejected, 0),
                   spam_count = greatest(au.spam_count + d.spam, 0),
                   trust = CASE WHEN au.trust = 'new' AND au.approved_count + d.approved >= $8::int
                                THEN 'regular' ELSE au.trust END
              FROM deltas d WHERE au.id = d.author_id
            RETURNING au.id, au.name, au.trust
        ), promoted AS (
            INSERT INTO moderation_events (kind, author_id, actor_type, actor, action, reason, details)
            SELECT 'trust', counted.id, 'system', 'parley', 'promote', 'Approved comments reached the threshold',
                   jsonb_build_object('from', 'new', 'to', 'regular', 'threshold', $8::int)
              FROM counted JOIN before ON before.id = counted.id
             WHERE before.trust = 'new' AND counted.trust = 'regular'
            RETURNING author_id
        ), resolved AS (
            UPDATE reports r SET resolved_at = now(), resolution = $9::text, resolved_by = $5::text
              FROM updated u WHERE r.comment_id = u.id AND r.resolved_at IS NULL
        )
        SELECT 'applied', id, from_state, state FROM updated
        UNION ALL
        SELECT 'promoted', 0::int8, counted.name, '' FROM counted JOIN promoted ON promoted.author_id = counted.id
        """

    public func undo(commentID: Int64, to previous: CommentState, expectedVersion: Int, moderator: String) async throws {
        try await database.transaction { connection in
            let rows = try connection.query("""
                WITH old AS (
                    SELECT id, state, decided_at FROM comments WHERE id = $1 AND version = $2 FOR UPDATE
                ), updated AS (
                    UPDATE comments c SET state = $3, decided_at = now(), decided_by = $4, decided_kind = 'moderator',
                           version = c.version + 1
                      FROM old WHERE c.id = old.id
                    RETURNING c.id, c.article_id, c.author_id, old.state AS from_state, c.state, old.decided_at
                ), logged AS (
                    INSERT INTO moderation_events (kind, article_id, comment_id, author_id, actor_type, actor, action,
                                                   from_state, to_state, reason)
                    SELECT 'decision', article_id, id, author_id, 'moderator', $4, 'undo', from_state, state,
                           'Undid the previous decision' FROM updated
                ), counted AS (
                    UPDATE authors au SET
                           approved_count = greatest(au.approved_count + (u.state IN ('published', 'flagged'))::int
                                                     - (u.from_state IN ('published', 'flagged'))::int, 0),
                           rejected_count = greatest(au.rejected_count + (u.state = 'rejected')::int - (u.from_state = 'rejected')::int, 0),
                           spam_count = greatest(au.spam_count + (u.state = 'spam')::int - (u.from_state = 'spam')::int, 0)
                      FROM updated u WHERE au.id = u.author_id
                ), reopened AS (
                    UPDATE reports r SET resolved_at = NULL, resolution = NULL, resolved_by = NULL
                      FROM updated u WHERE r.comment_id = u.id AND r.resolved_at = u.decided_at
                )
                SELECT id FROM updated
                """, [commentID, expectedVersion, previous.rawValue, moderator]).rows
            if rows.isEmpty {
                throw ParleyError(.conflict, code: "decision_conflict",
                                  "Comment \(commentID) changed after your decision, so it cannot be undone.")
            }
        }
    }
}
