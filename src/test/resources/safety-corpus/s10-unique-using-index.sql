-- expect: safe
CREATE UNIQUE INDEX CONCURRENTLY products_sku_key ON products (sku);
-- migration
SET lock_timeout = '5s';
ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE USING INDEX products_sku_key;
