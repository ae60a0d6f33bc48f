-- expect: safe
-- The domain constraint added NOT VALID checks new values only; nothing is scanned.
SET lock_timeout = '5s';
CREATE DOMAIN sku_code AS text;
CREATE TABLE coupons (code sku_code PRIMARY KEY, percent int NOT NULL);
-- migration
SET lock_timeout = '5s';
ALTER DOMAIN sku_code ADD CONSTRAINT sku_code_format CHECK (VALUE ~ '^[A-Z0-9-]+$') NOT VALID;
