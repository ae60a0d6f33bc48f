-- expect: unsafe required-column-without-default
-- The running app leaves created_at to its default; without it, its INSERTs fail.
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN created_at DROP DEFAULT;
