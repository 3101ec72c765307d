-- Idempotency answers written in the same transaction as the effect they describe (a crash
-- leaves both or neither), instead of a claim committed before the work. The key itself is
-- not stored: `lookup` is SHA-256 of scope and key, and the answer (which holds the edit
-- token) is sealed with a key derived from the Idempotency-Key. `status` is 0 only inside
-- the transaction that claimed the key, so no committed row is ever "in progress".
CREATE TABLE idempotency_answers (
    lookup       text PRIMARY KEY,
    request_hash text NOT NULL,
    status       integer NOT NULL,
    answer       text NOT NULL,
    sealed       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_answers_created_idx ON idempotency_answers (created_at);

-- Answers given before this version stay valid for their day, unsealed (they were stored
-- in plain text already); claims that never finished are dropped, so their retries run.
INSERT INTO idempotency_answers (lookup, request_hash, status, answer, sealed, created_at)
SELECT encode(sha256(convert_to(scope || chr(31) || key, 'UTF8')), 'hex'), request_hash, status, response, false, created_at
  FROM idempotency_keys
 WHERE status > 0;

DROP TABLE idempotency_keys;
