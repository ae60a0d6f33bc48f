-- expect: unsafe table-rewrite changed-column-type
ALTER TABLE products ALTER COLUMN price TYPE bigint USING (price * 100)::bigint;
