-- Email (issue 14): reply notifications readers ask for, alerts to a list of moderators, the
-- messages parley decided to send (each reason mails an address at most once), one-click
-- unsubscribing (RFC 8058) with its log, and the key that signs unsubscribe links.

-- A reader who posts with an email and "notify": true is mailed when someone replies to that
-- comment. Written by the statement that stores the comment (one row per comment at most).
CREATE TABLE reply_subscriptions (
    comment_id  bigint PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
    address     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reply_subscriptions_address_valid CHECK (address ~ '^[^@[:space:]]+@[^@[:space:]]+$')
);

-- The moderators who get alerts (`parley notify moderators add|list|remove`). Adding an address
-- again subscribes it again after an unsubscription (added_at moves).
CREATE TABLE moderator_recipients (
    address     text NOT NULL,
    added_at    timestamptz NOT NULL DEFAULT now(),
    added_by    text NOT NULL,
    CONSTRAINT moderator_recipients_address_valid CHECK (address ~ '^[^@[:space:]]+@[^@[:space:]]+$')
);
CREATE UNIQUE INDEX moderator_recipients_address_unique ON moderator_recipients (lower(address));

-- Every message parley decided to send. `reason_key` says why ('reply:<reply id>',
-- 'reported:<comment id>:<when it was reported>', 'queue:<hour>'): with the address it is
-- unique, so the same reply never mails the same reader twice, whoever asks and how often.
-- status: pending (due at next_attempt_at) → sent, or failed after its attempts; skipped: not
-- sent on purpose (the hourly cap, an unsubscription or a removed comment meanwhile).
CREATE TABLE email_messages (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL,
    address          text NOT NULL,
    reason_key       text NOT NULL,
    comment_id       bigint REFERENCES comments (id) ON DELETE SET NULL,
    status           text NOT NULL DEFAULT 'pending',
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    message_id       text,
    details          jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT email_messages_kind_valid CHECK (kind IN ('reply', 'reported', 'queue')),
    CONSTRAINT email_messages_status_valid CHECK (status IN ('pending', 'sent', 'failed', 'skipped'))
);
CREATE UNIQUE INDEX email_messages_once ON email_messages (reason_key, lower(address));
-- The sender's claim: due pending messages, oldest first.
CREATE INDEX email_messages_due_idx ON email_messages (next_attempt_at, id) WHERE status = 'pending';
-- The hourly cap: messages to an address in the last hour.
CREATE INDEX email_messages_address_idx ON email_messages (lower(address), created_at);

-- Unsubscriptions through a message's signed link, one row per link (a link works once).
-- An unsubscription silences the opt-ins older than it: reply subscriptions of that address,
-- or its place on the moderator list. Append-only, like the moderation log.
CREATE TABLE email_unsubscriptions (
    id           bigserial PRIMARY KEY,
    address      text NOT NULL,
    list         text NOT NULL,
    message      bigint NOT NULL REFERENCES email_messages (id),
    method       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_unsubscriptions_once UNIQUE (message),
    CONSTRAINT email_unsubscriptions_list_valid CHECK (list IN ('replies', 'moderators')),
    CONSTRAINT email_unsubscriptions_method_valid CHECK (method IN ('one-click', 'page'))
);
CREATE INDEX email_unsubscriptions_address_idx ON email_unsubscriptions (lower(address), list, created_at);

CREATE FUNCTION email_unsubscriptions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the unsubscription log is append-only'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER email_unsubscriptions_no_update_delete
    BEFORE UPDATE OR DELETE ON email_unsubscriptions
    FOR EACH ROW EXECUTE FUNCTION email_unsubscriptions_append_only();
CREATE TRIGGER email_unsubscriptions_no_truncate
    BEFORE TRUNCATE ON email_unsubscriptions
    FOR EACH STATEMENT EXECUTE FUNCTION email_unsubscriptions_append_only();

-- The key of the HMAC that signs unsubscribe links: made by the first server that needs it
-- and shared by every server on this database.
CREATE TABLE email_secrets (
    id          integer PRIMARY KEY DEFAULT 1,
    secret      bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_secrets_one CHECK (id = 1),
    CONSTRAINT email_secrets_long_enough CHECK (length(secret) >= 32)
);

-- Reply notifications are queued by the database, in the transaction that makes the reply
-- visible (its insert, group commit's batch included, or the decision that approves it): a
-- reply that rolls back queues nothing, and one that commits is never missed, whichever
-- server or command wrote it. `parley serve` writes its PARLEY_MAIL_PER_HOUR here at start.
CREATE TABLE email_settings (
    id          integer PRIMARY KEY DEFAULT 1,
    hourly_cap  integer NOT NULL DEFAULT 10,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_settings_one CHECK (id = 1),
    CONSTRAINT email_settings_cap_valid CHECK (hourly_cap >= 0)
);
INSERT INTO email_settings DEFAULT VALUES;

-- The same choice as PostgresMailRepository.replyTargetsSQL: the parent's subscriber, unless
-- the reply is theirs (same author, their address, or the reply's own subscription to that
-- address) or they unsubscribed from replies since subscribing. Past the hourly cap the row is
-- stored as skipped ('hourly_cap'). One row per reply and address (email_messages_once).
CREATE FUNCTION email_queue_reply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target record;
    cap integer;
    recent bigint;
BEGIN
    IF NEW.parent_id IS NULL OR NEW.deleted OR NEW.state NOT IN ('published', 'flagged') THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.state IN ('published', 'flagged') AND NOT OLD.deleted THEN
        RETURN NULL;
    END IF;
    FOR target IN
        SELECT s.address
          FROM comments p
          JOIN reply_subscriptions s ON s.comment_id = p.id
          JOIN authors ra ON ra.id = NEW.author_id
         WHERE p.id = NEW.parent_id AND NOT p.deleted AND p.author_id <> NEW.author_id
           AND lower(s.address) IS DISTINCT FROM lower(ra.email)
           AND NOT EXISTS (SELECT 1 FROM reply_subscriptions o WHERE o.comment_id = NEW.id AND lower(o.address) = lower(s.address))
           AND NOT EXISTS (SELECT 1 FROM email_unsubscriptions u
                            WHERE lower(u.address) = lower(s.address) AND u.list = 'replies' AND u.created_at > s.created_at)
    LOOP
        SELECT hourly_cap INTO cap FROM email_settings WHERE id = 1;
        SELECT count(*) INTO recent FROM email_messages m
         WHERE lower(m.address) = lower(target.address) AND m.created_at > now() - interval '1 hour' AND m.status <> 'skipped';
        INSERT INTO email_messages (kind, address, reason_key, comment_id, status, last_error)
        VALUES ('reply', target.address, 'reply:' || NEW.id, NEW.id,
                CASE WHEN recent >= COALESCE(cap, 10) THEN 'skipped' ELSE 'pending' END,
                CASE WHEN recent >= COALESCE(cap, 10) THEN 'hourly_cap' END)
        ON CONFLICT (reason_key, lower(address)) DO NOTHING;
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER comments_queue_reply_mail
    AFTER INSERT OR UPDATE OF state, deleted ON comments
    FOR EACH ROW EXECUTE FUNCTION email_queue_reply();

-- Moderators' alerts for reported comments, queued in the transaction that moves a comment
-- into the reported queue: one row per subscribed moderator, keyed by the comment and when it
-- entered the queue (the same key as PostgresMailRepository's catch-up, so nothing doubles).
CREATE FUNCTION email_queue_report_alert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target record;
    cap integer;
    recent bigint;
    reason text;
BEGIN
    IF NEW.state <> 'reported' OR (TG_OP = 'UPDATE' AND OLD.state = 'reported') OR NEW.decided_at IS NULL THEN
        RETURN NULL;
    END IF;
    reason := 'reported:' || NEW.id || ':' || (extract(epoch FROM NEW.decided_at) * 1000000)::int8;
    FOR target IN
        SELECT mr.address FROM moderator_recipients mr
         WHERE NOT EXISTS (SELECT 1 FROM email_unsubscriptions u
                            WHERE lower(u.address) = lower(mr.address) AND u.list = 'moderators' AND u.created_at > mr.added_at)
         ORDER BY lower(mr.address)
    LOOP
        SELECT hourly_cap INTO cap FROM email_settings WHERE id = 1;
        SELECT count(*) INTO recent FROM email_messages m
         WHERE lower(m.address) = lower(target.address) AND m.created_at > now() - interval '1 hour' AND m.status <> 'skipped';
        INSERT INTO email_messages (kind, address, reason_key, comment_id, status, last_error)
        VALUES ('reported', target.address, reason, NEW.id,
                CASE WHEN recent >= COALESCE(cap, 10) THEN 'skipped' ELSE 'pending' END,
                CASE WHEN recent >= COALESCE(cap, 10) THEN 'hourly_cap' END)
        ON CONFLICT (reason_key, lower(address)) DO NOTHING;
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER comments_queue_report_alert
    AFTER INSERT OR UPDATE OF state ON comments
    FOR EACH ROW EXECUTE FUNCTION email_queue_report_alert();
