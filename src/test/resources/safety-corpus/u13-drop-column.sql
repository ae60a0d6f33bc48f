-- expect: unsafe dropped-table-or-column
ALTER TABLE users DROP COLUMN status;
