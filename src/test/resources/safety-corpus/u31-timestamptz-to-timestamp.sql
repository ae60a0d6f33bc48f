-- expect: unsafe changed-column-type
ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamp;
