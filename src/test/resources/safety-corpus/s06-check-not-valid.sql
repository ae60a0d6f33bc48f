-- expect: safe
SET lock_timeout = '5s';
ALTER TABLE products ADD CONSTRAINT products_price_positive CHECK (price > 0) NOT VALID;
