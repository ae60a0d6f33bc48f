-- expect: safe
CREATE TYPE order_channel AS ENUM ('web', 'app', 'phone');
CREATE SEQUENCE invoice_numbers START 1000;
