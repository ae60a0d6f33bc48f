-- expect: warn foreign-key-without-index
CREATE TABLE reviews (
    id bigint PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES products (id),
    body text
);
