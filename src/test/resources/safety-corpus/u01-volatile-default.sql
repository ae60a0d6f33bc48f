-- expect: unsafe table-rewrite
ALTER TABLE users ADD COLUMN api_key uuid DEFAULT gen_random_uuid();
