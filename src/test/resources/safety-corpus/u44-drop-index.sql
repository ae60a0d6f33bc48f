-- expect: unsafe drop-index-without-concurrently
-- squawk require-concurrent-index-deletion: plain DROP INDEX takes ACCESS EXCLUSIVE on the table.
SET lock_timeout = '5s';
DROP INDEX orders_user_id_idx;
