-- expect: unsafe table-rewrite
ALTER TABLE users ALTER COLUMN name TYPE varchar(100);
