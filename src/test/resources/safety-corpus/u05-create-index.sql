-- expect: unsafe index-without-concurrently
CREATE INDEX orders_state_idx ON orders (state);
