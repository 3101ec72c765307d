-- Fewer indexes on comments (issue 12, point 4). A row is written into every index whose
-- predicate it meets: before this file a published top-level post entered 12 indexes. Each
-- change was measured with pgbench inserting such posts into copies of comments that differ
-- only in their indexes (scripts/bench/index-cost; README, Benchmarks). What every query reads
-- instead is checked by IndexPlanTests.

-- comments_thread_idx (article_id, path) goes: comments_root_idx (article_id, root_id, path) holds
-- a discussion in the same order, since a path starts with its root's id; the readers of whole
-- discussions (the thread without a page size, the export) sort by article_id, root_id, path.
DROP INDEX comments_thread_idx;

-- comments_visible_idx (article_id) WHERE visible goes: no query reads it (counts come from
-- article_counts).
DROP INDEX comments_visible_idx;

-- comments_created_idx, a btree on created_at, becomes a BRIN index: only the moderation replay
-- reads comments by time alone (a recent range of them), and rows arrive in time order, so block
-- range summaries find them for a fraction of the upkeep.
DROP INDEX comments_created_idx;
CREATE INDEX comments_created_brin ON comments USING brin (created_at) WITH (autosummarize = on);

-- "Comments where rule X fired" is asked only of comments the desk lists, and the desk never
-- lists published ones, which are most posts: they no longer enter the GIN index.
DROP INDEX comments_rules_idx;
CREATE INDEX comments_rules_idx ON comments USING gin ((moderation -> 'rules') jsonb_path_ops)
    WHERE state IN ('pending', 'flagged', 'reported', 'spam', 'rejected');

-- One index for each desk view of a single state (pending, flagged, reported, spam, rejected)
-- instead of one for the queued states and another for spam and rejected.
DROP INDEX comments_queue_idx;
DROP INDEX comments_hidden_idx;
CREATE INDEX comments_desk_state_idx ON comments (state, created_at, id)
    WHERE state IN ('pending', 'flagged', 'reported', 'spam', 'rejected');
