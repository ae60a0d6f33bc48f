-- expect: safe
-- A column that did not exist before the migration and does not exist after it breaks nothing.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN scratch text;
ALTER TABLE users DROP COLUMN scratch;
