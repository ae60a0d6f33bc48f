-- expect: safe
-- Only the end state counts: the column is new, whatever it was called on the way.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN nick text;
ALTER TABLE users RENAME COLUMN nick TO nickname;
