-- expect: safe
COMMENT ON COLUMN users.status IS 'active, suspended or closed';
