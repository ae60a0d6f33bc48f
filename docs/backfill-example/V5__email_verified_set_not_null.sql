-- ... validated under SHARE UPDATE EXCLUSIVE (reads and writes go on), then SET NOT NULL, which the
-- validated CHECK lets PostgreSQL accept without scanning the table; the CHECK is then redundant.
ALTER TABLE users VALIDATE CONSTRAINT users_email_verified_not_null;
ALTER TABLE users ALTER COLUMN email_verified SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_verified_not_null;
