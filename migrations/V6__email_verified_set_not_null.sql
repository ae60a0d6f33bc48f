-- ... then SET NOT NULL, which the validated CHECK lets PostgreSQL accept without scanning the table;
-- the CHECK is redundant after it.
ALTER TABLE users ALTER COLUMN email_verified SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_verified_not_null;
