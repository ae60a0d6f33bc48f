-- expect: unsafe dropped-table-or-column
-- A rename done as drop + add: the old name is gone at the end of the migration.
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN name;
ALTER TABLE users ADD COLUMN full_name varchar(200);
