-- expect: safe
CREATE TABLE user_emails AS SELECT id AS user_id, email FROM users;
