-- expect: unsafe required-column-without-default
-- End state: the default that made the new NOT NULL column safe is removed by a later statement.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN country text NOT NULL DEFAULT 'unknown';
ALTER TABLE users ALTER COLUMN country DROP DEFAULT;
