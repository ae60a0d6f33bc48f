-- expect: safe
CREATE TABLE wishlist_tmp (user_id bigint NOT NULL, product_id bigint NOT NULL);
ALTER TABLE wishlist_tmp RENAME TO wishlists;
ALTER TABLE wishlists ADD COLUMN added_at timestamptz NOT NULL;
