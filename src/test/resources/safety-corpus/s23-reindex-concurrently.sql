-- expect: safe
REINDEX INDEX CONCURRENTLY orders_user_id_idx;
