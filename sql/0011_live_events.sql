-- Live events: what readers with an open page need to hear about, written by triggers in the
-- transaction that caused them, announced with NOTIFY on commit, kept for an hour so a reader
-- (or a server whose listener reconnected) can catch up by event id.
--
-- Bulk writers (imports) set parley.live_events to 'off' for their transaction: nobody is
-- reading an imported discussion live, and a million events would only cost time.
CREATE TABLE live_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id  bigint NOT NULL,
    kind        text NOT NULL,
    comment_id  bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT live_events_kind_valid CHECK (kind IN ('comment', 'removed'))
);

CREATE INDEX live_events_article_idx ON live_events (article_id, id);
CREATE INDEX live_events_created_idx ON live_events (created_at);

-- Comments inserted in a visible state, once per statement from its transition table (the
-- same one the count trigger reads, so imports pay nothing more when events are off).
CREATE FUNCTION comments_live_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event record;
BEGIN
    IF current_setting('parley.live_events', true) IS NOT DISTINCT FROM 'off' THEN
        RETURN NULL;
    END IF;
    FOR event IN
        INSERT INTO live_events (article_id, kind, comment_id)
        SELECT article_id, 'comment', id
          FROM inserted_comments
         WHERE state IN ('published', 'flagged') AND NOT deleted
         ORDER BY id
        RETURNING id, article_id
    LOOP
        PERFORM pg_notify('parley_live', event.article_id || ':' || event.id);
    END LOOP;
    RETURN NULL;
END;
$$;

-- A visible comment changed (edited, censored differently), became visible (approved,
-- restored), or left the page (rejected, hidden by reports, deleted).
CREATE FUNCTION comments_live_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_visible boolean := TG_OP <> 'INSERT' AND OLD.state IN ('published', 'flagged') AND NOT OLD.deleted;
    is_visible boolean := TG_OP <> 'DELETE' AND NEW.state IN ('published', 'flagged') AND NOT NEW.deleted;
    event_kind text;
    event_id bigint;
    target_article bigint;
    target_comment bigint;
BEGIN
    IF is_visible THEN
        IF was_visible AND OLD.body IS NOT DISTINCT FROM NEW.body
           AND OLD.censored_body IS NOT DISTINCT FROM NEW.censored_body THEN
            RETURN NULL; -- published <-> flagged: readers see no difference
        END IF;
        event_kind := 'comment';
        target_article := NEW.article_id;
        target_comment := NEW.id;
    ELSIF was_visible THEN
        event_kind := 'removed';
        target_article := OLD.article_id;
        target_comment := OLD.id;
    ELSE
        RETURN NULL;
    END IF;
    INSERT INTO live_events (article_id, kind, comment_id)
    VALUES (target_article, event_kind, target_comment)
    RETURNING id INTO event_id;
    PERFORM pg_notify('parley_live', target_article || ':' || event_id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER comments_live_insert
    AFTER INSERT ON comments
    REFERENCING NEW TABLE AS inserted_comments
    FOR EACH STATEMENT EXECUTE FUNCTION comments_live_inserted();
CREATE TRIGGER comments_live_update
    AFTER UPDATE OF state, deleted, body, censored_body ON comments
    FOR EACH ROW
    WHEN ((OLD.state IS DISTINCT FROM NEW.state OR OLD.deleted IS DISTINCT FROM NEW.deleted
           OR OLD.body IS DISTINCT FROM NEW.body OR OLD.censored_body IS DISTINCT FROM NEW.censored_body)
          AND current_setting('parley.live_events', true) IS DISTINCT FROM 'off')
    EXECUTE FUNCTION comments_live_changed();
CREATE TRIGGER comments_live_delete
    AFTER DELETE ON comments
    FOR EACH ROW
    WHEN (OLD.state IN ('published', 'flagged') AND NOT OLD.deleted
          AND current_setting('parley.live_events', true) IS DISTINCT FROM 'off')
    EXECUTE FUNCTION comments_live_changed();
