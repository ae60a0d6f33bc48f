-- expect: unsafe table-rewrite
VACUUM FULL orders;
