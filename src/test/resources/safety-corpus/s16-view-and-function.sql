-- expect: safe
CREATE VIEW active_users AS SELECT id, email FROM users WHERE status = 'active';
CREATE FUNCTION order_count(uid bigint) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM orders WHERE user_id = uid $$;
