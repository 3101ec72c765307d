-- parley's statements are short: JIT compilation (on by default since PostgreSQL 12) can
-- cost 100+ ms on a query that runs in 2 ms when the planner overestimates a large article.
-- Turned off for parley's database; a role without the right to do so gets a notice only.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'could not turn JIT off for this database; consider ALTER DATABASE ... SET jit = off';
END;
$$;
