-- expect: warn unused-suppression
SET lock_timeout = '5s';
-- migratefirst:allow table-rewrite the table is small
ALTER TABLE users ADD COLUMN locale text;
