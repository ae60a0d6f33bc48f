-- expect: unsafe constraint-without-not-valid
-- The CHECK that lets SET NOT NULL skip its scan is validated in the same transaction: the scan happens under ACCESS EXCLUSIVE anyway.
SET lock_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_state_not_null CHECK (state IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_state_not_null;
ALTER TABLE orders ALTER COLUMN state SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_state_not_null;
