ALTER TABLE users DROP CONSTRAINT users_email_verified_not_null;
ALTER TABLE users ADD CONSTRAINT users_email_verified_not_null CHECK (email_verified IS NOT NULL) NOT VALID;
