-- expect: unsafe lock-held-across-statements
ALTER TABLE products ADD CONSTRAINT products_price_positive CHECK (price > 0) NOT VALID;
ALTER TABLE products VALIDATE CONSTRAINT products_price_positive;
