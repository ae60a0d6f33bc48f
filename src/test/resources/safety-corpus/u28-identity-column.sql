-- expect: unsafe table-rewrite
ALTER TABLE products ADD COLUMN legacy_id bigint GENERATED ALWAYS AS IDENTITY;
