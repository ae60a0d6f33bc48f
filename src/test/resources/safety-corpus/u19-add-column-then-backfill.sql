-- expect: unsafe lock-held-across-statements data-backfill
ALTER TABLE users ADD COLUMN plan text;
UPDATE users SET plan = 'free';
