-- expect: safe
CREATE TABLE coupons (code text PRIMARY KEY, percent int NOT NULL);
ALTER TABLE coupons ADD CONSTRAINT coupons_percent_range CHECK (percent BETWEEN 1 AND 100);
ALTER TABLE coupons ALTER COLUMN percent SET DEFAULT 10;
