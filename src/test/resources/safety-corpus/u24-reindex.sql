-- expect: unsafe table-rewrite
REINDEX INDEX orders_user_id_idx;
