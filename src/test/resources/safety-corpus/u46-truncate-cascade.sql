-- expect: unsafe table-rewrite
-- squawk ban-truncate-cascade: TRUNCATE gives every table it empties new storage under ACCESS EXCLUSIVE.
SET lock_timeout = '5s';
TRUNCATE users CASCADE;
