-- expect: unsafe constraint-without-not-valid
ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
