-- expect: safe
SET lock_timeout = '5s';
ALTER TABLE orders SET (fillfactor = 90);
