-- expect: safe
-- The old name stays readable and writable as a simple (auto-updatable) view.
SET lock_timeout = '5s';
ALTER TABLE products RENAME TO catalog_items;
CREATE VIEW products AS SELECT * FROM catalog_items;
