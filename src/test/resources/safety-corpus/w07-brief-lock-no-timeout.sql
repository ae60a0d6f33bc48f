-- expect: warn missing-lock-timeout
ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active';
