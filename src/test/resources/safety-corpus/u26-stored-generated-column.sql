-- expect: unsafe table-rewrite
ALTER TABLE products ADD COLUMN price_cents bigint GENERATED ALWAYS AS ((price * 100)::bigint) STORED;
