-- Comment triggers that stay cheap when many rows arrive in one statement (imports).
--
-- The parent lookup goes by id alone, so it always uses the primary key. With both id and
-- article_id in the WHERE clause, a table whose statistics say "empty" (a fresh database,
-- the first import) was read through comments_root_idx by article: every reply scanned its
-- article's earlier comments, quadratic in the size of a discussion.
CREATE OR REPLACE FUNCTION comments_place_in_tree() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent_path bigint[];
    parent_article bigint;
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.path := ARRAY[NEW.id];
        NEW.root_id := NEW.id;
        NEW.depth := 0;
    ELSE
        SELECT c.path, c.article_id INTO parent_path, parent_article
          FROM comments c
         WHERE c.id = NEW.parent_id;
        IF NOT FOUND OR parent_article <> NEW.article_id THEN
            RAISE EXCEPTION 'parent comment % is not in article %', NEW.parent_id, NEW.article_id
                USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'comments_parent_fk',
                      TABLE = 'comments';
        END IF;
        NEW.path := parent_path || NEW.id;
        NEW.root_id := parent_path[1];
        NEW.depth := cardinality(parent_path);
    END IF;
    RETURN NEW;
END;
$$;

-- Counts of inserted comments once per statement, from its transition table: one upsert
-- per article instead of one per row. Deletes and state changes keep the row trigger.
CREATE FUNCTION comments_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO article_counts AS ac (article_id, shard, visible, total)
    SELECT article_id, pg_backend_pid() % 16,
           count(*) FILTER (WHERE state IN ('published', 'flagged') AND NOT deleted), count(*)
      FROM inserted_comments
     GROUP BY article_id
     ORDER BY article_id
    ON CONFLICT (article_id, shard)
    DO UPDATE SET visible = ac.visible + EXCLUDED.visible, total = ac.total + EXCLUDED.total;
    RETURN NULL;
END;
$$;

DROP TRIGGER comments_count_insert_delete ON comments;
CREATE TRIGGER comments_count_delete
    AFTER DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_count();
CREATE TRIGGER comments_count_insert
    AFTER INSERT ON comments
    REFERENCING NEW TABLE AS inserted_comments
    FOR EACH STATEMENT EXECUTE FUNCTION comments_count_inserted();
