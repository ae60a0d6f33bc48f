-- expect: safe
SET lock_timeout = '5s';
-- migratefirst:allow dropped-table-or-column no app version reads users.status since release 12
ALTER TABLE users DROP COLUMN status;
