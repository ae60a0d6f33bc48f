-- expect: unsafe renamed-table-or-column
-- The old name still exists at the end, but as a new, empty table.
SET lock_timeout = '5s';
ALTER TABLE products RENAME TO products_old;
CREATE TABLE products (id bigint PRIMARY KEY, sku text NOT NULL, price numeric(12, 2) NOT NULL, description text);
