-- The history every corpus case starts from (applied as V1, not checked).
CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      varchar(320) NOT NULL UNIQUE,
    name       varchar(200),
    status     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         text NOT NULL,
    price       numeric(12, 2) NOT NULL,
    description text
);
CREATE TABLE orders (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   bigint NOT NULL REFERENCES users (id),
    total     numeric(12, 2),
    state     text,
    placed_at timestamptz
);
CREATE INDEX orders_user_id_idx ON orders (user_id);
CREATE TABLE order_items (
    order_id   bigint NOT NULL,
    product_id bigint NOT NULL,
    quantity   int NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
CREATE MATERIALIZED VIEW order_totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id;
