-- expect: unsafe index-without-concurrently lock-held-across-statements
ALTER TABLE orders ADD COLUMN coupon text;
CREATE INDEX orders_coupon_idx ON orders (coupon);
