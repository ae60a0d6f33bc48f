ALTER TABLE users DROP CONSTRAINT users_email_verified_not_null;
