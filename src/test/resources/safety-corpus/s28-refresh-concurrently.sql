-- expect: safe
CREATE UNIQUE INDEX CONCURRENTLY order_totals_user_idx ON order_totals (user_id);
-- migration
REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;
