-- expect: warn data-backfill
CREATE FUNCTION purge_cancelled() RETURNS void LANGUAGE sql AS $$ DELETE FROM orders WHERE state = 'cancelled' $$;
SELECT purge_cancelled();
