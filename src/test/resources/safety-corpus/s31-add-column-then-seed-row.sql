-- expect: safe
SET lock_timeout = '5s';
ALTER TABLE products ADD COLUMN active boolean NOT NULL DEFAULT true;
INSERT INTO products (sku, price, active) VALUES ('legacy-plan', 0, false);
