-- expect: safe
SET lock_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_total_not_null CHECK (total IS NOT NULL) NOT VALID;
-- migration
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_not_null;
-- migration
SET lock_timeout = '5s';
ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_total_not_null;
