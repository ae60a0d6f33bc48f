-- expect: unsafe table-rewrite
CLUSTER orders USING orders_pkey;
