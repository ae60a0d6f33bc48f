-- expect: safe
SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN received_at timestamptz DEFAULT now();
