-- expect: unsafe migration-failed
ALTER TABLE users ADD COLUMN nickname text;
UPDATE users SET nick_name = name;
