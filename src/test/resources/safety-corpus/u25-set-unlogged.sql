-- expect: unsafe table-rewrite
ALTER TABLE products SET UNLOGGED;
