-- expect: unsafe table-rewrite
REFRESH MATERIALIZED VIEW order_totals;
