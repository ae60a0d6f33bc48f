-- expect: unsafe required-column-without-default
ALTER TABLE users ADD COLUMN country text NOT NULL;
