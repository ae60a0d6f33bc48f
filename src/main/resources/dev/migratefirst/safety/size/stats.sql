-- MigrateFirst production statistics, format 1 (see docs/safety.md, "Size-aware verdicts").
-- Reads the planner's statistics in pg_class only (reltuples, relpages of every table, its TOAST
-- table and its indexes): no row data, no function that opens a table, so it takes no lock on any
-- table and runs on a read-only replica. Writes the same file as `runner stats`:
--   psql -XAtq -f stats.sql "$DATABASE_URL" > stats.json
SELECT jsonb_pretty(jsonb_build_object(
    'format', 'migratefirst-stats',
    'version', 1,
    'serverVersion', current_setting('server_version'),
    'database', current_database(),
    'blockSize', current_setting('block_size')::int,
    'tables', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                   'schema', n.nspname,
                   'name', c.relname,
                   'kind', c.relkind::text,
                   'rows', c.reltuples::bigint,
                   'pages', c.relpages,
                   'toastPages', coalesce(t.relpages, 0),
                   'indexes', coalesce((
                       SELECT jsonb_agg(jsonb_build_object('name', ic.relname, 'pages', ic.relpages)
                                        ORDER BY ic.relname)
                       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                       WHERE i.indrelid = c.oid), '[]'::jsonb))
               ORDER BY n.nspname, c.relname)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
        WHERE c.relkind IN ('r', 'p', 'm')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'), '[]'::jsonb)));
