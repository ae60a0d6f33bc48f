-- Expand (release N): the new app version writes users.email_verified; old rows have none yet.
-- Nullable and without a default: a brief ACCESS EXCLUSIVE lock, no rewrite, no scan.
ALTER TABLE users ADD COLUMN email_verified boolean;
