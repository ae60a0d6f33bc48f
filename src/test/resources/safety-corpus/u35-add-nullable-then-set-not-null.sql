-- expect: unsafe required-column-without-default
-- End state: a new NOT NULL column without a default, reached in two statements.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN country text;
ALTER TABLE users ALTER COLUMN country SET NOT NULL;
