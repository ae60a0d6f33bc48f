-- expect: warn data-backfill
INSERT INTO products (sku, price) SELECT 'gift-' || id, 0 FROM users;
