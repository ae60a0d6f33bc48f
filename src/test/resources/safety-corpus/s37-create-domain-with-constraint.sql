-- expect: safe
-- squawk ban-create-domain-with-constraint: a new domain is used by no column yet, so nothing is scanned or locked.
SET lock_timeout = '5s';
CREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE newsletter_signups (id bigint PRIMARY KEY, email email_address NOT NULL);
