-- expect: warn data-backfill
WITH stale AS (SELECT id FROM users WHERE status IS NULL)
UPDATE users SET status = 'active' FROM stale WHERE users.id = stale.id;
