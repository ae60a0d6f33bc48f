-- expect: unsafe index-without-concurrently
CREATE UNIQUE INDEX products_sku_idx ON products (sku);
