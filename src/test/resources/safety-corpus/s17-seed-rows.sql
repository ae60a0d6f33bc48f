-- expect: safe
INSERT INTO products (sku, price, description) VALUES ('gift-card', 25.00, 'A gift card'), ('shipping', 4.90, 'Shipping fee');
