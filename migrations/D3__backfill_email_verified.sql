-- migratefirst:backfill table=users key=id
-- Backfill (after release N is live): the users that existed before it are not verified.
-- Run by 'runner backfill' in batches of ids, each its own transaction; resumable; re-running does nothing.
UPDATE users
   SET email_verified = false
 WHERE id BETWEEN :from AND :to
   AND email_verified IS NULL;
