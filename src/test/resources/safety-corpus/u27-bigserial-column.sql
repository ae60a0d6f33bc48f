-- expect: unsafe table-rewrite
ALTER TABLE order_items ADD COLUMN line_no bigserial;
