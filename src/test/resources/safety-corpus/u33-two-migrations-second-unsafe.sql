-- expect: unsafe index-without-concurrently
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN referrer text;
-- migration
CREATE INDEX users_referrer_idx ON users (referrer);
