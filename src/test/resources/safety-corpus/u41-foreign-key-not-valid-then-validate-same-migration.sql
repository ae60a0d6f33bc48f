-- expect: unsafe constraint-without-not-valid
-- Added in two steps, but in one transaction: the validation scan runs under the ADD's lock.
SET lock_timeout = '5s';
ALTER TABLE order_items ADD CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
ALTER TABLE order_items VALIDATE CONSTRAINT order_items_order_fk;
