-- expect: unsafe changed-column-type
-- The old column is kept under another name; the name the app uses now holds another type.
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN status_code int;
ALTER TABLE users RENAME COLUMN status TO status_old;
ALTER TABLE users RENAME COLUMN status_code TO status;
