-- The moderator's desk: who kind of decider set a comment's state (so a moderator's decision
-- is never overwritten silently), the indexes the queue and its filters read, and a record
-- of which decision resolved a report (so undo can reopen it).
ALTER TABLE comments ADD COLUMN decided_kind text;
ALTER TABLE comments ADD CONSTRAINT comments_decided_kind_valid
    CHECK (decided_kind IN ('rules', 'moderator', 'system', 'reader', 'author'));

ALTER TABLE reports ADD COLUMN resolved_by text;

-- Queued work, oldest first, across the three queued states at once.
CREATE INDEX comments_queue_order_idx ON comments (created_at, id)
    WHERE state IN ('pending', 'flagged', 'reported');
CREATE INDEX comments_queue_article_idx ON comments (article_id, created_at, id)
    WHERE state IN ('pending', 'flagged', 'reported');
-- The spam and rejected views.
CREATE INDEX comments_hidden_idx ON comments (state, created_at, id) WHERE state IN ('spam', 'rejected');
-- "Comments where rule X fired".
CREATE INDEX comments_rules_idx ON comments USING gin ((moderation -> 'rules') jsonb_path_ops);
-- The audit log by kind.
CREATE INDEX moderation_events_kind_idx ON moderation_events (kind, at);
