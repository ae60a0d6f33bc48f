-- expect: warn data-backfill
DO $$
BEGIN
    UPDATE users SET status = 'active' WHERE status IS NULL;
END
$$;
