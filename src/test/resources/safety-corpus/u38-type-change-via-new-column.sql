-- expect: unsafe changed-column-type
-- End state: products.price is bigint instead of numeric, through add / copy / drop / rename.
SET lock_timeout = '5s';
ALTER TABLE products ADD COLUMN price_cents bigint;
UPDATE products SET price_cents = (price * 100)::bigint;
ALTER TABLE products DROP COLUMN price;
ALTER TABLE products RENAME COLUMN price_cents TO price;
