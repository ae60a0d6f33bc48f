-- expect: safe
-- A new nullable column whose default comes in a later statement: nothing the old app does fails.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN country text;
ALTER TABLE users ALTER COLUMN country SET DEFAULT 'unknown';
