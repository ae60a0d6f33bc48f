-- expect: safe
SET lock_timeout = '5s';
ALTER TABLE order_items ADD CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
-- migration
ALTER TABLE order_items VALIDATE CONSTRAINT order_items_order_fk;
