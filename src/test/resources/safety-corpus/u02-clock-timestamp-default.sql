-- expect: unsafe table-rewrite
ALTER TABLE orders ADD COLUMN updated_at timestamptz NOT NULL DEFAULT clock_timestamp();
