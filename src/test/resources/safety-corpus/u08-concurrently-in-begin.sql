-- expect: unsafe concurrently-in-transaction
BEGIN;
CREATE INDEX CONCURRENTLY orders_state_idx ON orders (state);
COMMIT;
