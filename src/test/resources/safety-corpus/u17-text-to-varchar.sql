-- expect: unsafe table-rewrite
ALTER TABLE orders ALTER COLUMN state TYPE varchar(20);
