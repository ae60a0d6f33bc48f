-- expect: safe
SET lock_timeout = '5s';
ALTER TABLE orders ALTER COLUMN state SET DEFAULT 'new';
