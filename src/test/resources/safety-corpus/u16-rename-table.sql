-- expect: unsafe renamed-table-or-column
ALTER TABLE products RENAME TO catalog_items;
