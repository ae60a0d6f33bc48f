-- expect: unsafe invalid-suppression
-- migratefirst:allow dropped-table-or-column
ALTER TABLE users DROP COLUMN status;
