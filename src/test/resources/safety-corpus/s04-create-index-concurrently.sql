-- expect: safe
CREATE INDEX CONCURRENTLY orders_state_idx ON orders (state);
