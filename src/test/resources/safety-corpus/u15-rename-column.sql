-- expect: unsafe renamed-table-or-column
ALTER TABLE users RENAME COLUMN name TO full_name;
