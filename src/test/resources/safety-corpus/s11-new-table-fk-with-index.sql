-- expect: safe
CREATE TABLE reviews (
    id bigint PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES products (id),
    body text
);
CREATE INDEX reviews_product_id_idx ON reviews (product_id);
