-- expect: safe
SET lock_timeout = '5s';
-- varchar -> text is binary-coercible: no rewrite, and the UNIQUE index keeps its storage
ALTER TABLE users ALTER COLUMN email TYPE text;
