-- expect: unsafe dropped-table-or-column
DROP TABLE order_items;
