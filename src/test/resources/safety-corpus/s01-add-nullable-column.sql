-- expect: safe
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN avatar_url varchar(255);
