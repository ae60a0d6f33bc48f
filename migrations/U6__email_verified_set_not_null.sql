ALTER TABLE users ALTER COLUMN email_verified DROP NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_email_verified_not_null CHECK (email_verified IS NOT NULL);
