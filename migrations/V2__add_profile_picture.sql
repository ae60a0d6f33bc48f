-- The lesson's change: the new app version reads users.profile_picture.
-- A nullable column without a default takes a brief ACCESS EXCLUSIVE lock and rewrites nothing.
ALTER TABLE users ADD COLUMN profile_picture varchar(255);
