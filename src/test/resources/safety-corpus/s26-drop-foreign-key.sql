-- expect: safe
SET lock_timeout = '5s';
ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;
